//! Why a file is not converted: one sentence for the user, the part of the file it is about, and
//! its class. Every refusal belongs to one of a few classes, each saying what kind of change
//! would let the file convert, so that a report can count them and a front end can group them.

use std::fmt;

use crate::text::TextRange;

/// What stands between a file and a conversion. The classes are few on purpose: each one is a
/// different thing for the user to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RefusalClass {
    /// The file cannot be read as an image to convert: syntax errors, no FROM.
    InvalidInput,
    /// A Windows image: distroless images are Linux only.
    Windows,
    /// The base image cannot be known from the file (a build argument or the target platform
    /// chooses it), or it is not one whose contents shipshape knows.
    UnknownBase,
    /// No CMD or ENTRYPOINT: the image runs what its base image runs.
    NoCommand,
    /// Not an application image: a base image for other builds, a server image that serves
    /// nothing of its own, a development image whose code is mounted.
    NotAnApp,
    /// Starting the app needs a shell: a shell-form command with shell features, a shell, a
    /// script (or `package.json` script) that does more than set variables and start the app.
    NeedsShell,
    /// A file of the build context decides the conversion (an entry point script,
    /// `package.json`) and was not given: run again with `--context DIR`.
    NeedsContext,
    /// The image starts a program shipshape cannot place: not a runtime it knows, not built
    /// in the file, not found where the command looks.
    UnknownProgram,
    /// The chosen runtime family publishes no image for this stack or version; the reason
    /// names the family that does, when one does.
    NotPublished,
    /// The app's runtime version is too old for any runtime image: upgrade it first.
    UnsupportedVersion,
    /// The final image needs packages a distroless image cannot add: programs the app runs,
    /// packages shipshape does not know, libraries the runtime image cannot carry.
    RunTimePackages,
    /// The build or the app's layout needs a change first: packages installed by path, a
    /// toolchain used at run time, configuration written for root, package names with no
    /// translation.
    BuildChange,
    /// shipshape cannot follow the file, or its own check rejected its result: a limit of
    /// the converter, to convert by hand (and to report).
    ConverterLimit,
}

impl RefusalClass {
    /// Every class, in the order reports list them.
    pub const ALL: [RefusalClass; 13] = [
        RefusalClass::InvalidInput,
        RefusalClass::Windows,
        RefusalClass::UnknownBase,
        RefusalClass::NoCommand,
        RefusalClass::NotAnApp,
        RefusalClass::NeedsShell,
        RefusalClass::NeedsContext,
        RefusalClass::UnknownProgram,
        RefusalClass::NotPublished,
        RefusalClass::UnsupportedVersion,
        RefusalClass::RunTimePackages,
        RefusalClass::BuildChange,
        RefusalClass::ConverterLimit,
    ];

    /// The name in JSON output and reports: `needs-shell`.
    pub const fn as_str(self) -> &'static str {
        match self {
            RefusalClass::InvalidInput => "invalid-input",
            RefusalClass::Windows => "windows",
            RefusalClass::UnknownBase => "unknown-base",
            RefusalClass::NoCommand => "no-command",
            RefusalClass::NotAnApp => "not-an-app",
            RefusalClass::NeedsShell => "needs-shell",
            RefusalClass::NeedsContext => "needs-context",
            RefusalClass::UnknownProgram => "unknown-program",
            RefusalClass::NotPublished => "not-published",
            RefusalClass::UnsupportedVersion => "unsupported-version",
            RefusalClass::RunTimePackages => "run-time-packages",
            RefusalClass::BuildChange => "build-change",
            RefusalClass::ConverterLimit => "converter-limit",
        }
    }

    pub fn parse(name: &str) -> Option<RefusalClass> {
        RefusalClass::ALL.into_iter().find(|c| c.as_str() == name)
    }

    /// What the class means, in a few words, for reports.
    pub const fn summary(self) -> &'static str {
        match self {
            RefusalClass::InvalidInput => "not a file to convert (syntax errors, no FROM)",
            RefusalClass::Windows => "a Windows image",
            RefusalClass::UnknownBase => "a base image the file does not determine, or whose contents are unknown",
            RefusalClass::NoCommand => "no CMD or ENTRYPOINT: runs what its base image runs",
            RefusalClass::NotAnApp => "not an application image (a base image, a server with nothing to serve)",
            RefusalClass::NeedsShell => "start-up needs a shell (the command, a script or a package.json script)",
            RefusalClass::NeedsContext => "a context file decides it: run with --context DIR",
            RefusalClass::UnknownProgram => "starts a program of no known stack, or one it cannot find",
            RefusalClass::NotPublished => "no image of the chosen runtime family for this stack or version",
            RefusalClass::UnsupportedVersion => "a runtime version too old for any runtime image",
            RefusalClass::RunTimePackages => "needs packages a distroless image cannot add",
            RefusalClass::BuildChange => "the build or the app's layout needs a change first",
            RefusalClass::ConverterLimit => "beyond what the converter follows (convert by hand, report it)",
        }
    }
}

impl fmt::Display for RefusalClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a file was not converted: one sentence, the part of the file it is about, its class.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    pub class: RefusalClass,
    pub reason: String,
    pub range: Option<TextRange>,
}

impl Refusal {
    pub fn new(class: RefusalClass, reason: impl Into<String>, range: Option<TextRange>) -> Refusal {
        Refusal { class, reason: reason.into(), range }
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.reason)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_class_has_a_distinct_name_that_parses_back() {
        for class in RefusalClass::ALL {
            assert_eq!(RefusalClass::parse(class.as_str()), Some(class));
            assert!(!class.summary().is_empty());
        }
        let mut names: Vec<&str> = RefusalClass::ALL.iter().map(|c| c.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), RefusalClass::ALL.len());
    }
}
