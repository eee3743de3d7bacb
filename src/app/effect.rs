//! Work `update` asks for; the worker carries it out and answers with actions.

use crate::ecs::{RevisionRef, StatusFilter};

pub use crate::domain::JobKind;

/// How a job checks in-use status after the confirmation and before its first call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recheck {
    /// Scan afresh; skip items that became in use, except these ARNs, which the operator
    /// confirmed knowing they were in use.
    Fresh {
        /// ARNs confirmed as in use.
        confirmed_in_use: std::collections::BTreeSet<String>,
    },
    /// The re-check failed and the operator confirmed again to run without it.
    Off,
}

/// One piece of IO for the worker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// List every page of families; answer with `FamiliesPage`s.
    ListFamilies {
        /// Request id echoed in the answers.
        request: u64,
        /// Status filter.
        status: StatusFilter,
        /// `--family-prefix`, if given.
        prefix: Option<String>,
    },
    /// List every page of a family's revisions; answer with `RevisionsPage`s.
    ListRevisions {
        /// Request id echoed in the answers.
        request: u64,
        /// The family.
        family: String,
        /// Status filter.
        status: StatusFilter,
    },
    /// Describe these ARNs (the worker paces them); answer with `Described` each.
    Describe {
        /// ARNs, most wanted first.
        arns: Vec<String>,
    },
    /// Run a mutation job; answer with `JobItem`s and one `JobFinished`.
    RunJob {
        /// Job id.
        job: u64,
        /// What to do.
        kind: JobKind,
        /// The revisions.
        items: Vec<RevisionRef>,
        /// How in-use status is checked before the first call.
        recheck: Recheck,
    },
    /// Stop scheduling new calls for a job.
    CancelJob {
        /// Job id.
        job: u64,
    },
    /// List the ACTIVE revisions of these families and select what keep-newest-N would deregister.
    CollectKeep {
        /// Request id echoed in the answers.
        request: u64,
        /// Families to apply the rule to.
        families: Vec<String>,
        /// Keep the newest N ACTIVE revisions.
        keep: usize,
        /// And only select revisions registered more than this long ago.
        older_than: Option<jiff::SignedDuration>,
        /// Also select revisions a CloudFormation stack created.
        include_managed: bool,
        /// What the last in-use scan found (never selected).
        in_use: Box<crate::inuse::InUseMap>,
        /// Registration times already described, by ARN (saves describes).
        known: std::collections::HashMap<String, jiff::Timestamp>,
    },
    /// Scan clusters, services and tasks for revisions in use.
    ScanInUse {
        /// Request id echoed in the answer.
        request: u64,
    },
    /// Describe a revision and write its RegisterTaskDefinition input to `path` (mode 0600);
    /// answer with `Exported`. An existing file is replaced only with `overwrite`.
    ExportFile {
        /// The revision.
        arn: String,
        /// Where, as typed (`~/` is the home directory).
        path: String,
        /// Replace an existing file (the operator confirmed).
        overwrite: bool,
    },
    /// Connect to another region or profile; once it answers, the worker uses it for every
    /// later effect. Answer with `ContextSwitched`.
    SwitchContext {
        /// Request id echoed in the answer.
        request: u64,
        /// What changes.
        change: crate::app::views::ContextChange,
    },
    /// Use the backend switch `request` connected, for this and every later effect.
    UseContext {
        /// The switch accepted.
        request: u64,
    },
    /// Read the profile names of the AWS config files; answer with `Profiles`.
    ListProfiles,
    /// Journal an acknowledgement of these unfinished intents; answer with `Acknowledged`.
    Acknowledge {
        /// The intents, as read from the journal.
        entries: Vec<crate::journal::Entry>,
    },
    /// With several contexts open: connect one more as context `ctx` (`:region +R`); its rows
    /// come with the next families listing, its answer as `ContextConnected`/`ContextFailed`.
    OpenContext {
        /// The id it gets (the next free one).
        ctx: crate::ecs::ContextId,
        /// The profile and region.
        context: crate::contexts::Context,
    },
    /// With several contexts open: stop using context `ctx` (`:region -R`).
    CloseContext {
        /// The context.
        ctx: crate::ecs::ContextId,
    },
    /// Put this text on the operator's clipboard (OSC 52, written by the runtime between frames).
    Copy {
        /// The text.
        text: String,
    },
}
