//! What one journal line holds.

use serde::{Deserialize, Serialize};

use crate::domain::JobKind;

/// Whether a line records the call about to be made, its result, or an operator's acknowledgement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    /// Written and flushed before the call.
    Intent,
    /// Written after the call returned.
    Outcome,
    /// The operator acknowledged an unfinished intent of run `of_run`: it is not reported again.
    Ack,
}

/// One journal line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// RFC 3339 time.
    pub time: String,
    /// Which run of the app wrote it (start time and pid), so runs never close each other's intents.
    #[serde(default)]
    pub run: String,
    /// Intent, outcome or ack.
    pub phase: Phase,
    /// Deregister or delete.
    pub action: JobKind,
    /// The task definition ARN.
    pub arn: String,
    /// Job id within the run.
    pub job: u64,
    /// Region, when known.
    #[serde(default)]
    pub region: Option<String>,
    /// Profile, when given.
    #[serde(default)]
    pub profile: Option<String>,
    /// Endpoint override, when given.
    #[serde(default)]
    pub endpoint: Option<String>,
    /// Account id, when known (parsed from the ARN).
    #[serde(default)]
    pub account: Option<String>,
    /// True when no call was made (`--dry-run`).
    #[serde(default)]
    pub dry_run: bool,
    /// On outcome lines: `ok`, `failed` or `dry-run`.
    #[serde(default)]
    pub outcome: Option<String>,
    /// On `ok` outcome lines: the status reached, as AWS names it (e.g. `INACTIVE`).
    #[serde(default)]
    pub status: Option<String>,
    /// On outcome lines: calls made for this item (retries included; 0 when none was sent).
    #[serde(default)]
    pub attempts: Option<u32>,
    /// On failed outcome lines: one-sentence reason.
    #[serde(default)]
    pub error: Option<String>,
    /// On ack lines: the run whose intent (same job, action and ARN) is acknowledged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub of_run: Option<String>,
}

/// Where requests go, recorded on every line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    /// `--region` or the resolved region.
    pub region: Option<String>,
    /// `--profile`, when given.
    pub profile: Option<String>,
    /// `--endpoint-url`, when given.
    pub endpoint: Option<String>,
}

/// The call one line is about.
#[derive(Debug, Clone, Copy)]
pub struct Call<'a> {
    /// Where requests go.
    pub meta: &'a Meta,
    /// Job id within the run.
    pub job: u64,
    /// Deregister or delete.
    pub action: JobKind,
    /// The task definition ARN.
    pub arn: &'a str,
    /// `--dry-run`: no call is made.
    pub dry_run: bool,
}
