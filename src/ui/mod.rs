//! Drawing: `render(frame, &state)` reads state only, never mutates, never awaits.
