use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for stages that download with both `wget` and `curl`.
    ///
    /// ## Why is this bad?
    /// Both tools do the same job. Using both means installing (and patching) two tools, each
    /// with its own flags for retries, redirects and failing on HTTP errors — so the downloads
    /// in one Dockerfile behave differently. Pick one and use it everywhere in the stage.
    ///
    /// The rule reports each RUN that uses either tool once the stage has used both. RUNs in
    /// `ONBUILD` triggers are judged among themselves, since they run in another image.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN wget -q https://example.com/app.tar.gz
    /// RUN curl -fsSLO https://example.com/app.tar.gz.sha256
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN curl -fsSLO https://example.com/app.tar.gz
    /// RUN curl -fsSLO https://example.com/app.tar.gz.sha256
    /// ```
    code: "DL4001",
    name: "wget-and-curl",
    category: Suspicious,
    fix: Never,
    hadolint: Some("DL4001"),
    buildkit: None,
    summary: "A stage uses both wget and curl",
    check: check,
}

fn check(ctx: &mut Checker) {
    // Where a RUN runs: its stage, and whether it is an ONBUILD trigger.
    type Place = (Option<usize>, bool);
    // Per place, whether `wget` and `curl` have been seen so far.
    let mut seen: Vec<(Place, [bool; 2])> = Vec::new();
    let mut found = Vec::new();
    for (index, run, script) in ctx.scripts() {
        let key = (ctx.model.stage_of[index], ctx.file.instructions[index].kind == Kind::Onbuild);
        let wget = script.commands.iter().find(|c| c.is("wget"));
        let curl = script.commands.iter().find(|c| c.is("curl"));
        if wget.is_none() && curl.is_none() {
            continue;
        }
        let tools = match seen.iter_mut().find(|(k, _)| *k == key) {
            Some((_, tools)) => tools,
            None => {
                seen.push((key, [false, false]));
                &mut seen.last_mut().expect("just pushed").1
            }
        };
        tools[0] |= wget.is_some();
        tools[1] |= curl.is_some();
        if tools[0] && tools[1] {
            let (this, other) = match (wget, curl) {
                (Some(_), Some(_)) => ("This RUN", "uses both `wget` and `curl`"),
                (Some(_), None) => ("`wget`", "is used here after `curl` earlier in the stage"),
                _ => ("`curl`", "is used here after `wget` earlier in the stage"),
            };
            let command = wget.or(curl).map_or(run.range, |c| c.range);
            found.push((
                command,
                format!("{this} {other}: pick one download tool for the stage, so the image needs only one"),
            ));
        }
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
                "FROM debian:12\nRUN wget -q https://example.com/a\nRUN wget -q https://example.com/b\n",
                "FROM debian:12 AS a\nRUN wget -q https://example.com/a\nFROM debian:12 AS b\nRUN curl -fsSLO https://example.com/b\n",
                "FROM debian:12\nRUN apt-get install -y curl wget\n",
                "FROM debian:12\nRUN curl -fsSLO https://example.com/a\nONBUILD RUN wget https://example.com/b\n",
            ])
            .fail(&[
                "FROM debian:12\nRUN wget -q https://example.com/a\nRUN curl -fsSLO https://example.com/b\n",
                "FROM debian:12\nRUN wget -qO- https://example.com/a | sh && curl -fsSL https://example.com/b | sh\n",
                "FROM debian:12\nRUN curl -fsSLO https://example.com/a\nRUN <<EOF\nset -e\nwget -q https://example.com/b\nEOF\n",
            ])
            .run();
    }
}
