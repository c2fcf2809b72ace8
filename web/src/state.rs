//! The page's state and the actions that change it. Derived data (the analysis, the fixed
//! text) is never stored here: components compute it with `use_memo` from this state.

use std::rc::Rc;

use yew::Reducible;

use crate::analysis::LARGE_INPUT;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Findings,
    Fixed,
    Distroless,
    Dockerignore,
}

impl Tab {
    pub const ALL: [Tab; 4] = [Tab::Findings, Tab::Fixed, Tab::Distroless, Tab::Dockerignore];

    pub fn id(self) -> &'static str {
        match self {
            Tab::Findings => "findings",
            Tab::Fixed => "fixed",
            Tab::Distroless => "distroless",
            Tab::Dockerignore => "dockerignore",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Tab::Findings => "Findings",
            Tab::Fixed => "Fixed",
            Tab::Distroless => "Distroless",
            Tab::Dockerignore => ".dockerignore",
        }
    }

    pub fn from_id(id: &str) -> Option<Tab> {
        Tab::ALL.into_iter().find(|t| t.id() == id)
    }
}

/// Where the page's ShellCheck rules are: they arrive in a module of their own
/// (`crate::shellcheck`), loaded once the Dockerfile has a RUN.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShellCheck {
    NotLoaded,
    Loading,
    Ready,
    Failed,
}

/// A finding the user clicked: its line is selected in the editor and its rule's docs open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Selection {
    /// 0-based line.
    pub line: u32,
    pub code: &'static str,
    /// Bumped on every click, so clicking the same finding again re-selects the line.
    pub generation: u32,
    /// The editor takes the focus to show the line (a pointer chose the finding); from the
    /// keyboard the focus stays on the finding, so the reader does not lose their place.
    pub focus_editor: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct State {
    /// What the editor holds.
    pub source: Rc<str>,
    /// The text the findings describe: equal to `source`, except for a moment after typing
    /// in a large input, where checks are debounced.
    pub analyzed: Rc<str>,
    pub dockerignore: Rc<str>,
    pub tab: Tab,
    pub selection: Option<Selection>,
    /// The Fixed tab includes unsafe fixes.
    pub fixed_unsafe: bool,
    /// The Fixed and Distroless outputs are formatted (on once the editor's text was).
    pub format_output: bool,
    /// Rule selectors the checks run with (the embed's `select`); empty means the defaults.
    pub select: Rc<[String]>,
    /// Rule selectors the checks skip (the embed's `ignore`).
    pub ignore: Rc<[String]>,
    pub shellcheck: ShellCheck,
}

impl State {
    pub fn new(source: &str, tab: Tab) -> State {
        let source: Rc<str> = Rc::from(source);
        State {
            analyzed: source.clone(),
            source,
            dockerignore: Rc::from(""),
            tab,
            selection: None,
            fixed_unsafe: false,
            format_output: false,
            select: Rc::from([]),
            ignore: Rc::from([]),
            shellcheck: ShellCheck::NotLoaded,
        }
    }

    /// The state with this `.dockerignore`.
    pub fn with_dockerignore(mut self, text: &str) -> State {
        self.dockerignore = Rc::from(text);
        self
    }

    /// The analysis is behind the editor (a debounced check is pending).
    pub fn is_stale(&self) -> bool {
        self.analyzed != self.source
    }
}

pub enum Action {
    /// The user typed: large inputs wait for [`Action::Analyze`].
    Edit(String),
    /// Replace the text and analyse it at once (an example, a fix).
    Load(String),
    /// Catch the analysis up with the editor.
    Analyze,
    SetTab(Tab),
    Select {
        line: u32,
        code: &'static str,
        focus_editor: bool,
    },
    CloseDocs,
    SetDockerignore(String),
    SetFixedUnsafe(bool),
    /// The editor's text is being formatted: the Fixed and Distroless outputs are from now on.
    FormatOutput,
    /// The ShellCheck module started loading, arrived or failed.
    ShellCheck(ShellCheck),
    /// Start over with another text and `.dockerignore` (an exercise, its solution).
    Reset {
        source: String,
        dockerignore: String,
    },
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Edit(text) => {
                let text: Rc<str> = Rc::from(text);
                if text.len() <= LARGE_INPUT {
                    next.analyzed = text.clone();
                }
                next.source = text;
            }
            Action::Load(text) => {
                let text: Rc<str> = Rc::from(text);
                next.analyzed = text.clone();
                next.source = text;
                next.selection = None;
            }
            Action::Analyze => next.analyzed = next.source.clone(),
            Action::SetTab(tab) => next.tab = tab,
            Action::Select { line, code, focus_editor } => {
                let generation = self.selection.map_or(0, |s| s.generation.wrapping_add(1));
                next.selection = Some(Selection { line, code, generation, focus_editor });
            }
            Action::CloseDocs => next.selection = None,
            Action::SetDockerignore(text) => next.dockerignore = Rc::from(text),
            Action::SetFixedUnsafe(on) => next.fixed_unsafe = on,
            Action::FormatOutput => next.format_output = true,
            Action::ShellCheck(shellcheck) => next.shellcheck = shellcheck,
            Action::Reset { source, dockerignore } => {
                let source: Rc<str> = Rc::from(source);
                next.analyzed = source.clone();
                next.source = source;
                next.dockerignore = Rc::from(dockerignore);
                next.selection = None;
            }
        }
        Rc::new(next)
    }
}
