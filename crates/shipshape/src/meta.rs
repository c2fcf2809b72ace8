//! What is known of a rule without running it: its identity, category, severity, whether it
//! fixes what it finds, and its documentation. A leaf: the diagnostics, the settings, the
//! suppression pragmas and the wire format read it, and it reads nothing of theirs, so the
//! imports of the core run one way (`linter` → `rules` → `settings`, `diagnostic` → `meta`).

/// How serious a finding is. Ordered from least to most severe, so a failure threshold is a
/// comparison.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Style,
    Info,
    Warning,
    Error,
}

impl Severity {
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Style => "style",
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(text: &str) -> Option<Severity> {
        match text.to_ascii_lowercase().as_str() {
            "style" => Some(Severity::Style),
            "info" => Some(Severity::Info),
            "warning" | "warn" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

/// What kind of problem a rule finds. The category alone decides a rule's default severity
/// (see [`Category::default_severity`]); a test over the registry holds every rule to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Category {
    /// The build fails or does something other than intended.
    Correctness,
    /// The image is less safe than it should be.
    Security,
    /// Probably wrong, or a source of surprises (unpinned versions, root at run time).
    Suspicious,
    /// Bigger images or slower builds than necessary.
    Performance,
    /// Readability and consistency.
    Style,
    /// Strict checks with a higher false-positive rate.
    Pedantic,
}

impl Category {
    pub const ALL: [Category; 6] = [
        Category::Correctness,
        Category::Security,
        Category::Suspicious,
        Category::Performance,
        Category::Style,
        Category::Pedantic,
    ];

    /// The one severity policy: correctness and security are errors, suspicious findings
    /// warnings, performance and style info, pedantic checks style.
    pub const fn default_severity(self) -> Severity {
        match self {
            Category::Correctness | Category::Security => Severity::Error,
            Category::Suspicious => Severity::Warning,
            Category::Performance | Category::Style => Severity::Info,
            Category::Pedantic => Severity::Style,
        }
    }

    pub const fn as_str(self) -> &'static str {
        match self {
            Category::Correctness => "correctness",
            Category::Security => "security",
            Category::Suspicious => "suspicious",
            Category::Performance => "performance",
            Category::Style => "style",
            Category::Pedantic => "pedantic",
        }
    }
}

/// Whether a rule can fix what it finds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FixAvailability {
    Always,
    Sometimes,
    Never,
}

impl FixAvailability {
    pub const fn as_str(self) -> &'static str {
        match self {
            FixAvailability::Always => "always",
            FixAvailability::Sometimes => "sometimes",
            FixAvailability::Never => "never",
        }
    }
}

/// A rule's identity and documentation: the single source for the CLI, the docs and the
/// playground.
#[derive(Debug, PartialEq, Eq)]
pub struct RuleMeta {
    /// Stable code: hadolint's `DLxxxx` where the rule is hadolint's, `SSxxx` otherwise.
    pub code: &'static str,
    /// Kebab-case name describing the problem.
    pub name: &'static str,
    pub category: Category,
    pub fix: FixAvailability,
    /// The hadolint code this rule implements, if any.
    pub hadolint: Option<&'static str>,
    /// The BuildKit build-check name this rule implements, if any.
    pub buildkit: Option<&'static str>,
    /// Off unless selected (hadolint's "ignored by default" rules).
    pub default_enabled: bool,
    /// One line: what the rule reports. Empty without the `docs` feature, as `docs` is (the
    /// generated page of the rule says it too).
    pub summary: &'static str,
    /// Markdown with the sections What it does / Why is this bad? / Example / Use instead.
    /// Empty when the crate is built without its `docs` feature.
    pub docs: &'static str,
}

impl RuleMeta {
    pub const fn severity(&self) -> Severity {
        self.category.default_severity()
    }

    /// The docs as Markdown: the doc-comment lines without their leading space.
    pub fn docs_markdown(&self) -> String {
        let mut out = String::with_capacity(self.docs.len());
        for line in self.docs.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        out
    }

    /// The Dockerfile in the docs' "Example" section (`which = "Example"`) or "Use instead".
    pub fn docs_example(&self, section: &str) -> Option<String> {
        let markdown = self.docs_markdown();
        let heading = format!("## {section}");
        let start = markdown.find(&heading)? + heading.len();
        let rest = &markdown[start..];
        let fence = rest.find("```dockerfile")? + "```dockerfile".len();
        let body = &rest[fence..];
        let end = body.find("```")?;
        Some(body[..end].trim_start_matches('\n').to_string())
    }
}
