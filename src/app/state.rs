//! Everything the screen shows, and nothing else. `update` changes it; `render` reads it.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use jiff::Timestamp;

use super::effect::JobKind;
use crate::ecs::{EcsError, RevisionRef, StatusFilter, TaskDef, TdStatus};
use crate::inuse::InUseMap;

pub use super::job_view::{ETA_STABLE_SECS, JobFlow, JobView};

/// Which pane has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Focus {
    /// The families list.
    #[default]
    Families,
    /// The revisions table.
    Revisions,
    /// The detail pane.
    Detail,
}

/// Progress of a paginated listing.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Load {
    /// Nothing asked yet.
    #[default]
    Idle,
    /// Pages are arriving; `pages` so far.
    Loading {
        /// Pages received so far.
        pages: usize,
    },
    /// Every page arrived.
    Done,
    /// The listing failed; what arrived before stays shown.
    Failed(EcsError),
}

impl Load {
    /// True while pages are still arriving.
    pub fn is_loading(&self) -> bool {
        matches!(self, Load::Loading { .. })
    }
}

/// A cursor over a list with a scroll offset, kept so the cursor stays visible.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Cursor {
    /// Selected row among the visible rows.
    pub selected: usize,
    /// First visible row.
    pub offset: usize,
}

/// A live filter typed after `/`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FilterInput {
    /// The text typed so far.
    pub text: String,
    /// True while the user is typing into it.
    pub editing: bool,
}

/// The families pane.
#[derive(Debug, Clone, Default)]
pub struct FamiliesPane {
    /// Every family name received, in ECS order (alphabetical).
    pub names: Vec<String>,
    /// Indices into `names` that match the filter.
    pub visible: Vec<usize>,
    /// Listing progress.
    pub load: Load,
    /// Id of the listing whose pages are accepted.
    pub request: u64,
    /// The `/` filter.
    pub filter: FilterInput,
    /// Cursor over `visible`.
    pub cursor: Cursor,
    /// INACTIVE revisions per family, in the INACTIVE view (empty in the others).
    pub counts: HashMap<String, usize>,
    /// True while the names come from the cache and no listing has confirmed them.
    pub cached: bool,
    /// How `visible` is ordered (`o`).
    pub sort: super::sort::FamilySort,
}

impl FamiliesPane {
    /// The family under the cursor.
    pub fn selected(&self) -> Option<&str> {
        self.visible
            .get(self.cursor.selected)
            .and_then(|&i| self.names.get(i))
            .map(String::as_str)
    }
}

/// The revisions pane for one family.
#[derive(Debug, Clone, Default)]
pub struct RevisionsPane {
    /// The family shown, if any.
    pub family: Option<String>,
    /// Every revision received, newest first.
    pub rows: Vec<RevisionRef>,
    /// Indices into `rows` that match the filter.
    pub visible: Vec<usize>,
    /// Listing progress.
    pub load: Load,
    /// Id of the listing whose pages are accepted.
    pub request: u64,
    /// The `/` filter (matches revision number, status and image).
    pub filter: FilterInput,
    /// Cursor over `visible`.
    pub cursor: Cursor,
    /// Row where a range mark started (`V`).
    pub range_anchor: Option<usize>,
    /// True while the rows come from the cache and no listing has confirmed them.
    pub cached: bool,
    /// Oldest first instead of newest first (`o`).
    pub oldest_first: bool,
}

impl RevisionsPane {
    /// The revision under the cursor.
    pub fn selected(&self) -> Option<&RevisionRef> {
        self.visible
            .get(self.cursor.selected)
            .and_then(|&i| self.rows.get(i))
    }
}

/// Cached describe result for one ARN.
#[derive(Debug, Clone, PartialEq)]
pub enum Described {
    /// Asked, not answered yet.
    Loading,
    /// Described.
    Loaded(Arc<TaskDef>),
    /// Describe failed; `ui` words the error.
    Failed(EcsError),
}

/// How the detail pane shows the selected revision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DetailView {
    /// Whole task definition as JSON instead of the summary.
    pub json: bool,
    /// Show environment variable values instead of masks.
    pub reveal: bool,
    /// Lines scrolled down.
    pub scroll: u16,
    /// Columns the JSON view is scrolled right (its long lines are cut, never wrapped).
    pub hscroll: u16,
    /// The detail pane fills the screen (`z`); only while it has the keyboard.
    pub zoom: bool,
}

/// A status the app learned from its own completed call, trusted over stale listings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Override {
    /// The status the call left the revision in.
    pub status: TdStatus,
    /// Until when listings that disagree are ignored (10 minutes after the call).
    pub until: Timestamp,
}

/// A call on its way for one revision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pending {
    /// Waiting its turn in a job.
    Queued(JobKind),
    /// Deregistration sent.
    Deregistering,
    /// Deletion sent.
    Deleting,
}

/// Severity of a flash message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Neutral information.
    Info,
    /// Something to notice.
    Warn,
    /// Something failed.
    Error,
}

/// A message in the status bar that expires.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flash {
    /// One sentence.
    pub text: String,
    /// How it is coloured.
    pub level: Level,
    /// When it disappears.
    pub expires: Timestamp,
}

/// A confirmation before a mutation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirm {
    /// Deregister or delete.
    pub kind: JobKind,
    /// The revisions it would act on.
    pub items: Vec<RevisionRef>,
    /// How many of `items` are in use by a service or task.
    pub in_use: usize,
    /// How many of `items` are hidden by the current filter or in other families.
    pub hidden: usize,
    /// What the user must type to confirm (`N`, or `delete`); `None` means `y` suffices.
    pub required: Option<String>,
    /// What the user typed so far.
    pub typed: String,
    /// True once a first confirmation was given for in-use items and a second is asked.
    pub second_stage: bool,
    /// Scroll offset of the item list.
    pub scroll: u16,
    /// Extra lines shown above the list, e.g. keep-newest-N per-family counts.
    pub notes: Vec<String>,
    /// Why this job's in-use re-check failed: confirming runs it without a fresh check.
    pub recheck_failed: Option<EcsError>,
    /// Marks the command that opened this confirmation added (keep-newest-N); cancelling
    /// removes them again, while marks made by hand stay.
    pub added_marks: Vec<String>,
}

/// The keep-newest-N prompt.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct KeepPrompt {
    /// N as typed.
    pub keep: String,
    /// Optional minimum age in days, as typed.
    pub older_than_days: String,
    /// Which field has the cursor: 0 = keep, 1 = days.
    pub field: u8,
    /// True to apply to every family under the filter, false for the current family.
    pub all_families: bool,
    /// Also select revisions a CloudFormation stack created (`m` toggles; off by default).
    pub include_managed: bool,
}

/// A popup over the panes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Modal {
    /// Key help.
    Help {
        /// Lines scrolled.
        scroll: u16,
    },
    /// Confirmation of a mutation.
    Confirm(Confirm),
    /// Keep-newest-N prompt.
    Keep(KeepPrompt),
    /// Confirm cancelling the running job.
    ConfirmCancel,
    /// Summary of a finished job.
    Summary {
        /// Lines scrolled.
        scroll: u16,
    },
    /// Services and tasks using the current family's revisions (`S`).
    Services(super::services::ServicesPopup),
    /// Mutations an earlier run started without a recorded outcome (from the journal).
    Unfinished {
        /// The dangling intents.
        entries: Vec<crate::journal::Entry>,
        /// Journal lines that could not be read.
        damaged: crate::journal::Damaged,
        /// Lines scrolled.
        scroll: u16,
    },
    /// Where to export the revision (`e`), and whether to overwrite an existing file.
    Export(super::views::ExportPrompt),
    /// The `:` command line.
    Command(super::views::CommandLine),
}

/// A keep-newest-N collection in progress.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct KeepRun {
    /// Request id.
    pub request: u64,
    /// The counts so far.
    pub progress: crate::domain::KeepProgress,
}

/// The state of the in-use scan.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct InUseState {
    /// What the last completed scan found.
    pub map: Option<InUseMap>,
    /// When the last scan completed.
    pub scanned_at: Option<Timestamp>,
    /// When the last scan ended, successful or not: background re-scans count from here.
    pub ended_at: Option<Timestamp>,
    /// True while a scan runs.
    pub scanning: bool,
    /// Why the last scan failed, if it did: protection is off.
    pub error: Option<EcsError>,
    /// Id of the scan whose answer is accepted.
    pub request: u64,
}

/// Where the app talks to, for the status bar.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BackendInfo {
    /// e.g. `demo` or `eu-west-1 · profile prod · http://127.0.0.1:5000`.
    pub label: String,
}

/// The whole app state.
#[derive(Debug, Clone, Default)]
pub struct AppState {
    /// Where requests go.
    pub backend: BackendInfo,
    /// The contexts open, by `ContextId`, when more than one is (empty otherwise).
    pub contexts: Vec<super::contexts::ContextView>,
    /// Unfinished intents a resume will acknowledge in the journal once its job starts.
    pub resume_acks: Vec<crate::journal::Entry>,
    /// `--read-only`: no mutation is offered or executed.
    pub read_only: bool,
    /// `--dry-run`: jobs run and are journaled without calling ECS.
    pub dry_run: bool,
    /// How jobs are paced (`--rate`, `--headroom`), for the confirmation's policy line.
    pub rate: crate::jobs::RateConfig,
    /// `--family-prefix`, passed to every family listing.
    pub family_prefix: Option<String>,
    /// The keep-newest-N prompt's first value (config file `keep`; 0 means the built-in 5).
    pub keep_default: usize,
    /// The clock as of the last `update`; render uses it for ages.
    pub now: Timestamp,
    /// Terminal size (columns, rows).
    pub size: (u16, u16),
    /// The open popup's scroll range, (largest offset, page height), as the screen measures it
    /// (`ui::popup_scroll`); the runtime sets it before each update so `app` never imports `ui`.
    pub popup_range: Option<(u16, u16)>,
    /// Which pane has the keyboard.
    pub focus: Focus,
    /// ACTIVE / INACTIVE / ALL.
    pub status_filter: StatusFilter,
    /// Families pane.
    pub families: FamiliesPane,
    /// Revisions pane.
    pub revisions: RevisionsPane,
    /// Describe cache by ARN.
    pub described: HashMap<String, Described>,
    /// Row facts from the persistent cache by ARN (registered, CPU/memory, compatibilities,
    /// images): the rows use them until a describe arrives; the detail pane never does.
    pub summaries: HashMap<String, Arc<TaskDef>>,
    /// When the cursor settles, describes for what is on screen fire (debounce).
    pub describe_due: Option<Timestamp>,
    /// Detail pane options.
    pub detail: DetailView,
    /// What the family sorts know: revision counts and newest registrations.
    pub family_stats: super::sort::FamilyStats,
    /// Statuses learned from our own calls, by ARN.
    pub overrides: HashMap<String, Override>,
    /// Calls on their way, by ARN.
    pub pending: HashMap<String, Pending>,
    /// Last per-revision error, by ARN.
    pub row_errors: HashMap<String, crate::domain::ItemFailure>,
    /// Marked revisions by ARN; marks survive moving between families.
    pub marks: BTreeMap<String, RevisionRef>,
    /// The open popup.
    pub modal: Option<Modal>,
    /// Status bar message.
    pub flash: Option<Flash>,
    /// Requests the worker is running (listings, describes, job calls).
    pub in_flight: usize,
    /// The current or last job.
    pub job: Option<JobView>,
    /// In-use protection.
    pub in_use: InUseState,
    /// Keep-newest-N collection in progress.
    pub keep_run: Option<KeepRun>,
    /// Next request / job id.
    pub next_id: u64,
    /// Two revisions the detail pane compares instead of showing one (`c`).
    pub diff: Option<super::views::DiffPair>,
    /// The search in the detail pane's text (`/` with the detail pane focused).
    pub search: Option<super::views::Search>,
    /// Profiles for `:profile`, and a context switch on its way.
    pub context: super::views::ContextState,
    /// Set when the app should exit.
    pub quit: bool,
    /// Set after a first `q` while a job runs; a second `q` quits.
    pub quit_armed: bool,
}

impl AppState {
    /// The status to show for a revision: our own recent result beats the listing.
    pub fn effective_status(&self, r: &RevisionRef) -> TdStatus {
        match self.overrides.get(&r.arn) {
            Some(o) if o.until > self.now => o.status,
            _ => r.status,
        }
    }

    /// The described task definition for an ARN, if loaded.
    pub fn task_def(&self, arn: &str) -> Option<&Arc<TaskDef>> {
        match self.described.get(arn) {
            Some(Described::Loaded(td)) => Some(td),
            _ => None,
        }
    }

    /// Records a status our own call set in the cached describe, so the row keeps its
    /// CPU/memory, compatibilities and image (a deleted revision cannot be described again).
    pub fn patch_status(&mut self, arn: &str, status: TdStatus) {
        if let Some(Described::Loaded(td)) = self.described.get_mut(arn) {
            let td = Arc::make_mut(td);
            td.fields.status = Some(status.as_aws().to_string());
            if let Some(doc) = td.raw.as_object_mut() {
                doc.insert("status".into(), status.as_aws().into());
            }
        }
    }

    /// Users (cluster/service or task) of a revision according to the last scan.
    pub fn users_of(&self, r: &RevisionRef) -> &[String] {
        self.in_use.map.as_ref().map_or(&[], |m| m.uses(r))
    }
}
