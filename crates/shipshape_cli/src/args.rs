//! The command line, as clap parses it. The doc comments on these types are the `--help`
//! text. A leaf: nothing here imports from the rest of the crate, so every command can read
//! its arguments without a way back.

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Lint, fix and convert Dockerfiles.
#[derive(Parser)]
#[command(name = "shipshape", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Commands,
}

#[derive(Subcommand)]
pub enum Commands {
    /// Report the problems in Dockerfiles.
    Check(CheckArgs),
    /// Print a Dockerfile with the problems that can be fixed, fixed.
    Fix(FixArgs),
    /// List every rule.
    Rules(RulesArgs),
    /// Show the documentation of a rule.
    Explain {
        /// A rule code (`DL3042`), name (`pip-without-no-cache-dir`) or BuildKit name.
        rule: String,
    },
    /// Print a recommended .dockerignore for the stack a Dockerfile builds.
    Dockerignore {
        /// The Dockerfile, or `-` for standard input.
        path: String,
    },
    /// Convert a Dockerfile to a multi-stage build on a distroless runtime image.
    Distroless(DistrolessArgs),
    /// Format Dockerfiles in one canonical layout that never changes what they mean.
    Format(FormatArgs),
    /// Run the language server, for editors: LSP on standard input and output.
    Server {
        /// Accepted for clients that pass it; standard input and output is the only transport.
        #[arg(long)]
        stdio: bool,
    },
}

#[derive(Args)]
pub struct FormatArgs {
    /// The Dockerfile to format, or `-` for standard input; with `--write`, `--check` or
    /// `--diff`, any number of Dockerfiles and directories (searched for Dockerfiles). Without
    /// one, the current directory is searched.
    #[arg(default_value = ".")]
    pub paths: Vec<String>,
    /// Rewrite the files in place.
    #[arg(long, conflicts_with_all = ["check", "diff"])]
    pub write: bool,
    /// Change nothing; list the files that would change and exit with 1 if there are any.
    #[arg(long, conflicts_with = "diff")]
    pub check: bool,
    /// Print a unified diff instead of the formatted file; exit with 1 when there is one.
    #[arg(long)]
    pub diff: bool,
    /// Spaces per level of continuation-line indentation (default 4).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(1..=16))]
    pub indent_width: Option<u8>,
    /// Break a long `&&`/`||` chain in a RUN into one command per line (default true).
    #[arg(long, value_name = "BOOL")]
    pub break_long_runs: Option<bool>,
    /// `auto` keeps each file's own (CRLF when its first line ends with one).
    #[arg(long, value_enum)]
    pub line_ending: Option<LineEndingArg>,
    /// A hadolint-style configuration file, whose `formatter:` mapping sets the options above
    /// (default: `.hadolint.yaml` here, then hadolint's other locations).
    #[arg(long, short = 'c')]
    pub config: Option<String>,
    /// Read no configuration file.
    #[arg(long, conflicts_with = "config")]
    pub no_config: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LineEndingArg {
    Auto,
    Lf,
    Crlf,
}

#[derive(Args)]
pub struct DistrolessArgs {
    /// The Dockerfile to convert, or `-` for standard input.
    pub path: String,
    /// `text` prints the Dockerfile on stdout and the notes and comparison on stderr; `json`
    /// prints everything as one JSON object on stdout.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// The family of runtime images.
    #[arg(long, value_enum, default_value_t = Runtime::Distroless)]
    pub runtime: Runtime,
    /// The build context: the conversion reads the files there that decide it (the entry point
    /// script the image starts, package.json for `npm start` and engines.node, requirements*.txt,
    /// poetry.lock, uv.lock, Pipfile.lock, Gemfile.lock, .NET project files) and says which it
    /// read.
    #[arg(long, value_name = "DIR")]
    pub context: Option<std::path::PathBuf>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Runtime {
    /// gcr.io/distroless (Debian 13), with the :nonroot tag.
    Distroless,
    /// cgr.dev/chainguard (Wolfi), whose free tier has only :latest.
    Chainguard,
}

#[derive(Args)]
pub struct CheckArgs {
    /// Dockerfiles or directories to check (directories are searched for Dockerfiles); `-` reads
    /// standard input. Without one, the current directory is searched.
    #[arg(default_value = ".")]
    pub paths: Vec<String>,
    /// How to report the findings: for people, for scripts, or for a CI system.
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
    #[command(flatten)]
    pub selection: Selection,
    /// Exit with 1 only for findings at or above this level (default: any finding, or the
    /// config file's `failure-threshold`).
    #[arg(long, short = 't', value_enum)]
    pub failure_threshold: Option<Threshold>,
    /// Always exit with 0 when the files could be read.
    #[arg(long)]
    pub no_fail: bool,
    /// When to color the text output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Args)]
pub struct FixArgs {
    /// The Dockerfile to fix, or `-` for standard input; with `--write` or `--diff`, any number
    /// of Dockerfiles and directories (searched for Dockerfiles). Without one, the current
    /// directory is searched.
    #[arg(default_value = ".")]
    pub paths: Vec<String>,
    /// Also apply fixes that may change what the build does.
    #[arg(long = "unsafe")]
    pub unsafe_fixes: bool,
    /// Write the result back to the file instead of printing it.
    #[arg(long, conflicts_with = "diff")]
    pub write: bool,
    /// Print a unified diff instead of the fixed file; exit with 1 when there is one.
    #[arg(long)]
    pub diff: bool,
    #[command(flatten)]
    pub selection: Selection,
}

/// Options shared by `check` and `fix`.
#[derive(Args, Clone, Default)]
pub struct Selection {
    /// Only these rules (codes, names, BuildKit names or code prefixes, comma-separated).
    #[arg(long, value_delimiter = ',')]
    pub select: Vec<String>,
    /// Also these rules, on top of the defaults.
    #[arg(long, value_delimiter = ',')]
    pub extend_select: Vec<String>,
    /// Not these rules.
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// The build context directory, where `.dockerignore` is looked for (default: the
    /// Dockerfile's directory).
    #[arg(long)]
    pub context: Option<String>,
    /// A hadolint-style configuration file (default: `.hadolint.yaml` here, then hadolint's
    /// other locations).
    #[arg(long, short = 'c')]
    pub config: Option<String>,
    /// Read no configuration file.
    #[arg(long, conflicts_with = "config")]
    pub no_config: bool,
    /// A registry FROM images may come from (repeatable; enables DL3026), as in hadolint.
    #[arg(long = "trusted-registry", value_name = "REGISTRY")]
    pub trusted_registries: Vec<String>,
    /// A label every image must have, `name:type` with type text, url, rfc3339, spdx, hash,
    /// semver or email (repeatable; DL3049-DL3058), as in hadolint.
    #[arg(long = "require-label", value_name = "NAME:TYPE")]
    pub require_labels: Vec<String>,
    /// Labels outside the required ones are reported (DL3050).
    #[arg(long)]
    pub strict_labels: bool,
}

impl Selection {
    pub fn options(&self) -> shipshape_config::Options {
        shipshape_config::Options {
            select: self.select.clone(),
            extend_select: self.extend_select.clone(),
            ignore: self.ignore.clone(),
            trusted_registries: self.trusted_registries.clone(),
            require_labels: self.require_labels.clone(),
            strict_labels: self.strict_labels,
        }
    }
}

#[derive(Args)]
pub struct RulesArgs {
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// The formats of `shipshape check`.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// Each finding with its source line, a caret and its fix, then a summary.
    Text,
    /// One line per finding: `path:line:column: severity[CODE] message`.
    Concise,
    /// Every finding with its positions and fix edits, as one JSON object.
    Json,
    /// GitHub Actions annotations (workflow commands).
    Github,
    /// GitLab Code Quality report (JSON).
    Gitlab,
    /// SARIF 2.1.0, for GitHub code scanning and security dashboards.
    Sarif,
    /// Checkstyle XML, for Jenkins and other CI dashboards.
    Checkstyle,
    /// hadolint's JSON (`hadolint -f json`), for scripts written against it.
    HadolintJson,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Threshold {
    Error,
    Warning,
    Info,
    Style,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}
