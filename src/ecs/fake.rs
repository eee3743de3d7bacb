//! In-memory ECS with deterministic demo data and fault injection.
