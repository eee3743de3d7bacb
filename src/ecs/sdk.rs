//! The real ECS, through aws-sdk-ecs.
