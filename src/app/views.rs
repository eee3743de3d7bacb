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

/// The export prompt (`e`): where to write the revision's RegisterTaskDefinition input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportPrompt {
    /// The revision to export.
    pub revision: RevisionRef,
    /// The path as typed (default `./FAMILY-REV.json`).
    pub path: String,
    /// True once the file turned out to exist: the prompt asks before overwriting it.
    pub exists: bool,
}

/// Why an export did not write its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportError {
    /// The file exists and overwriting was not confirmed.
    Exists,
    /// Describing or writing failed, in one sentence.
    Failed(String),
}

/// A context change asked with `:region` or `:profile`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContextChange {
    /// Another region, same profile and endpoint.
    Region(String),
    /// Another profile, same region and endpoint.
    Profile(String),
}

/// The `:` command line.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CommandLine {
    /// What was typed after `:`.
    pub text: String,
    /// What Tab found for the word being typed, when more than one fits.
    pub candidates: Vec<String>,
}

/// What the `:` commands need beyond the screen: profile names, a switch on its way.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ContextState {
    /// Profile names from the AWS config and credentials files, for Tab.
    pub profiles: Vec<String>,
    /// The switch whose answer is awaited.
    pub switching: Option<u64>,
}
