//! The pure state transition: `update(state, action, now) -> effects`.
