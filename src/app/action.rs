//! Everything that can happen to the app: keys turned into intents, and worker results.

use std::sync::Arc;

use crate::ecs::{EcsError, RevisionRef, TaskDef};
use crate::inuse::InUseMap;

/// One input to `update`. Key actions come from the keymap; the rest from the worker.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Leave the app.
    Quit,
    /// Move the cursor up one row (or scroll the detail pane).
    Up,
    /// Move the cursor down one row.
    Down,
    /// Jump to the first row.
    Top,
    /// Jump to the last row.
    Bottom,
    /// One screen up.
    PageUp,
    /// One screen down.
    PageDown,
    /// Focus the next pane.
    FocusNext,
    /// Focus the previous pane.
    FocusPrev,
    /// Drill into the selection (family -> revisions -> detail).
    Enter,
    /// Go back, close a popup, or clear the filter.
    Back,
    /// Start typing a filter for the focused list.
    StartFilter,
    /// A character typed into the filter or a prompt.
    Input(char),
    /// Delete the last typed character.
    Backspace,
    /// Accept the typed filter or prompt.
    Submit,
    /// Cycle the status filter ACTIVE -> INACTIVE -> ALL.
    CycleStatus,
    /// Reload families and the current family's revisions.
    Refresh,
    /// Ask to deregister the marked revisions, else the current one.
    Deregister,
    /// Ask to delete the marked INACTIVE revisions, else the current one.
    Delete,
    /// Answer yes in a confirmation.
    Yes,
    /// Answer no in a confirmation.
    No,
    /// Show or hide the key help.
    ToggleHelp,
    /// Switch the detail pane between the summary and the whole JSON.
    ToggleJson,
    /// Show or mask environment variable values.
    ToggleReveal,
    /// Toggle the mark on the current revision.
    ToggleMark,
    /// Start or stop a range mark from the current revision.
    RangeMark,
    /// Mark the current revision and move down (shift+down).
    MarkDown,
    /// Mark the current revision and move up (shift+up).
    MarkUp,
    /// Mark every visible revision.
    MarkAll,
    /// Clear every mark.
    ClearMarks,
    /// Open the keep-newest-N prompt.
    KeepNewest,
    /// Retry the failed items of the last job.
    RetryFailed,
    /// Unfinished-calls popup: record in the journal that the operator has seen them.
    AcknowledgeUnfinished,
    /// Unfinished-calls popup: re-run (after confirmation) those whose outcome is still unknown.
    ResumeUnfinished,
    /// Cancel the running job (asks first).
    CancelJob,
    /// Search the detail pane's text (`/` with the detail pane focused).
    StartSearch,
    /// Go to the next match of the detail search.
    SearchNext,
    /// Go to the previous match of the detail search.
    SearchPrev,
    /// Open the `:` command line.
    StartCommand,
    /// Complete the word being typed on the command line (Tab).
    Complete,
    /// Export the current revision as RegisterTaskDefinition input (prompts for the path).
    Export,
    /// Compare the current revision with the previous ACTIVE one (or the two marked); again closes.
    Compare,
    /// Cycle the focused list's order: families by name, revisions or newest; revisions
    /// newest or oldest first.
    CycleSort,
    /// Open (or close) the services view: services and tasks using the current family.
    ShowServices,
    /// Toggle the full-screen detail (zoom); zooming gives the detail pane the keyboard.
    ToggleZoom,
    /// Scroll the JSON view left (in the summary: previous pane).
    ScrollLeft,
    /// Scroll the JSON view right (in the summary: next pane).
    ScrollRight,
    /// Copy the current revision's ARN to the clipboard (OSC 52).
    CopyArn,
    /// Copy the current revision's JSON to the clipboard, masked unless revealed.
    CopyJson,
    /// The terminal was resized to (columns, rows).
    Resize(u16, u16),
    /// Periodic clock tick: expires messages, fires settled describes.
    Tick,

    /// A page of family names arrived.
    FamiliesPage {
        /// The request this answers.
        request: u64,
        /// Family names on this page.
        names: Vec<String>,
        /// True on the last page.
        done: bool,
    },
    /// INACTIVE revisions per family, for the INACTIVE view (sent before the page naming them).
    FamilyCounts {
        /// The request this answers.
        request: u64,
        /// `(family, INACTIVE revisions so far)` for the families a page touched.
        counts: Vec<(String, usize)>,
    },
    /// Listing families failed.
    FamiliesFailed {
        /// The request this answers.
        request: u64,
        /// Why; `ui` words it.
        error: EcsError,
    },
    /// A page of revisions arrived.
    RevisionsPage {
        /// The request this answers.
        request: u64,
        /// Revisions on this page.
        refs: Vec<RevisionRef>,
        /// True on the last page.
        done: bool,
    },
    /// Listing revisions failed.
    RevisionsFailed {
        /// The request this answers.
        request: u64,
        /// Why; `ui` words it.
        error: EcsError,
    },
    /// A describe finished.
    Described {
        /// The ARN described.
        arn: String,
        /// The task definition, or why the describe failed.
        result: Result<Arc<TaskDef>, EcsError>,
    },
    /// One item of a job finished.
    JobItem {
        /// The job.
        job: u64,
        /// The ARN.
        arn: String,
        /// What happened to it.
        outcome: ItemOutcome,
    },
    /// A job's calls went out or came back: what is in flight now, and the pace.
    JobProgress {
        /// The job.
        job: u64,
        /// ARNs whose first call just went out (queued until now).
        sent: Vec<String>,
        /// HTTP requests of the job sent and not answered yet.
        in_flight: usize,
        /// Calls that can still go at once (what is left of the bucket's burst).
        burst_left: f64,
        /// Calls per second after the burst, at the job's current pace.
        per_sec: f64,
    },
    /// A job ended (all items done, or cancelled).
    JobFinished {
        /// The job.
        job: u64,
        /// True when it stopped because it was cancelled.
        cancelled: bool,
    },
    /// A job's in-use re-check before its first call finished; on success the job goes on.
    JobRechecked {
        /// The job.
        job: u64,
        /// The fresh scan, or why it failed (then no call was made and the job ended).
        result: Result<InUseMap, EcsError>,
    },
    /// The in-use scan finished.
    InUseScanned {
        /// The request this answers.
        request: u64,
        /// What services and tasks use, or why the scan failed.
        result: Result<InUseMap, EcsError>,
    },
    /// Keep-newest-N collection progressed.
    KeepProgress {
        /// The request this answers.
        request: u64,
        /// The counts so far.
        progress: crate::domain::KeepProgress,
    },
    /// Keep-newest-N collection finished.
    KeepCollected {
        /// The request this answers.
        request: u64,
        /// Per-family selections and the describes made for the age condition, or why it failed.
        result: Result<KeepResult, EcsError>,
    },
    /// One context's pacer in a job across contexts: what is left of its burst, its pace.
    JobContextPace {
        /// The job.
        job: u64,
        /// The context.
        ctx: crate::ecs::ContextId,
        /// Calls that can still go at once in that context.
        burst_left: f64,
        /// Calls per second after the burst, at that context's pace.
        per_sec: f64,
    },
    /// One of several contexts connected: its account is now known.
    ContextConnected {
        /// The context.
        ctx: crate::ecs::ContextId,
        /// The context, region resolved and account filled in.
        context: crate::contexts::Context,
    },
    /// One of several contexts failed (connecting or listing); the others go on.
    ContextFailed {
        /// The context.
        ctx: crate::ecs::ContextId,
        /// Why, worded by `Display`.
        error: EcsError,
    },
    /// The start-up journal check: intents of ended runs without an outcome, damaged lines.
    Unfinished(Result<crate::journal::Report, crate::journal::JournalError>),
    /// The acknowledgement was journaled (how many), or why not.
    Acknowledged(Result<usize, crate::journal::JournalError>),
    /// What the cache remembers from the last run, shown until listings confirm it: the
    /// ACTIVE families, the family viewed last, its rows, and their rows' facts.
    CacheFront {
        /// Every ACTIVE family, in listing order.
        families: Vec<String>,
        /// The family viewed last.
        family: Option<String>,
        /// Its ACTIVE revisions, newest first.
        rows: Vec<RevisionRef>,
        /// Row facts by ARN (`cache::Summary::row_task_def`): never the detail pane's.
        summaries: Vec<(String, Arc<TaskDef>)>,
    },
    /// A context switch finished: the new context's status-bar label, or why not.
    ContextSwitched {
        /// The request this answers.
        request: u64,
        /// The label, or one sentence.
        result: Result<String, String>,
    },
    /// Profile names from the AWS config files, for completion.
    Profiles(Vec<String>),
    /// An export finished: bytes written to `path`, or why not.
    Exported {
        /// The revision exported.
        arn: String,
        /// The path as the operator typed it.
        path: String,
        /// Bytes written, or why nothing was.
        result: Result<usize, crate::app::views::ExportError>,
    },
}

/// What keep-newest-N selected, and describes made on the way (cached by the UI).
#[derive(Debug, Clone, PartialEq)]
pub struct KeepResult {
    /// One entry per family.
    pub families: Vec<crate::app::selection::FamilySelection>,
    /// Task definitions described for the age condition.
    pub described: Vec<(String, Arc<TaskDef>)>,
}

pub use crate::domain::ItemOutcome;

impl Action {
    /// The keys that move a cursor or scroll: popups, lists and the services view share them.
    pub fn is_movement(&self) -> bool {
        matches!(
            self,
            Action::Up
                | Action::Down
                | Action::Top
                | Action::Bottom
                | Action::PageUp
                | Action::PageDown
        )
    }
}
