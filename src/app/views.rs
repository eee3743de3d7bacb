//! State of the views over the detail pane and their prompts: the diff of two revisions, the
//! search in the pane's text, the export prompt and the `:` command line.

use crate::ecs::RevisionRef;

/// Two revisions the detail pane compares, older first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffPair {
    /// The revision compared from (`-`).
    pub old: RevisionRef,
    /// The revision compared to (`+`).
    pub new: RevisionRef,
}

/// A search in the detail pane's text (summary, JSON or diff).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Search {
    /// What is searched for (case-insensitive).
    pub query: String,
    /// True while the operator types the query.
    pub editing: bool,
    /// Which match `n`/`N` went to, counted from 0.
    pub current: usize,
    /// The pane line of every match, as the screen wraps the text. The runtime measures them
    /// (`ui::search_lines`) before each search key, so `update` never imports `ui`.
    pub lines: Vec<u16>,
}
