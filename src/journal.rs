//! The mutation journal: JSON lines appended before and after every mutating call.

use serde::{Deserialize, Serialize};

use crate::app::effect::JobKind;

/// Whether a line records the call about to be made or its result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    /// Written and flushed before the call.
    Intent,
    /// Written after the call returned.
    Outcome,
}

/// One journal line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// RFC 3339 time.
    pub time: String,
    /// Intent or outcome.
    pub phase: Phase,
    /// Deregister or delete.
    pub action: JobKind,
    /// The task definition ARN.
    pub arn: String,
    /// Job id within the run.
    pub job: u64,
    /// Region, when known.
    pub region: Option<String>,
    /// Profile, when given.
    pub profile: Option<String>,
    /// Endpoint override, when given.
    pub endpoint: Option<String>,
    /// Account id, when known (parsed from the ARN).
    pub account: Option<String>,
    /// True when no call was made (`--dry-run`).
    pub dry_run: bool,
    /// On outcome lines: `ok`, `failed` or `dry-run`; the status reached on success.
    pub outcome: Option<String>,
    /// On failed outcome lines: one-sentence reason.
    pub error: Option<String>,
}
