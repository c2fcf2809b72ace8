use crate::rules::prelude::*;
use crate::suppression::{Scope, parse_pragma};

declare_rule! {
    /// ## What it does
    /// Reports every inline suppression pragma — `# hadolint ignore=…`, `# shipshape ignore=…`
    /// and their `global` and `stage` forms. The rule is off by default: it is a policy for
    /// teams that want every exception in one reviewed place.
    ///
    /// ## Why is this bad?
    /// An inline pragma silences a finding where nobody looks: in a pull request it reads like
    /// a comment, and over time files collect ignores for problems that were fixed long ago or
    /// never understood. Teams that enable this rule fix findings instead, or turn a rule off
    /// in the shared configuration, where the exception is visible and reviewed once.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12-slim
    /// # hadolint ignore=DL3008
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8 && rm -rf /var/lib/apt/lists/*
    /// ```
    code: "DL1001",
    name: "inline-ignore-pragma",
    category: Style,
    fix: Never,
    hadolint: Some("DL1001"),
    buildkit: None,
    enabled: false,
    summary: "An inline pragma silences findings",
    check: check,
}

fn check(ctx: &mut Checker) {
    let mut found = Vec::new();
    // Comments inside a line continuation are not pragmas: they silence nothing.
    for comment in ctx.file.comments.iter().filter(|c| c.inside.is_none()) {
        let Some((scope, selectors)) = parse_pragma(&comment.text) else { continue };
        let tool = comment.text.split_whitespace().next().unwrap_or("hadolint");
        let reach = match scope {
            Scope::NextInstruction => "the next instruction",
            Scope::Stage => "the next stage",
            Scope::Global => "the whole file",
        };
        found.push((
            comment.range,
            format!(
                "`# {tool} ignore` silences {} for {reach}: fix the finding, or turn the rule off in the shared configuration",
                selectors.join(", ")
            ),
        ));
    }
    for (range, message) in found {
        ctx.report(range, message);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(&RULE)
            .pass(&[
                "# hadolint shell=powershell\nFROM mcr.microsoft.com/powershell:lts\n",
                "# ignore the next line? no\nFROM alpine:3.20\n",
                "FROM alpine:3.20\nRUN echo a \\\n# hadolint ignore=DL3003\n  && echo b\n",
            ])
            .fail(&[
                "FROM debian:12\n# hadolint ignore=DL3008,DL3015\nRUN apt-get install -y curl\n",
                "# hadolint global ignore=DL3006\nFROM debian\n",
                "# shipshape stage ignore=missing-user  # build stage only\nFROM debian:12 AS build\n",
            ])
            .run();
    }
}
