use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for `useradd` with a high UID (six digits or more) and without `-l`
    /// (`--no-log-init`).
    ///
    /// ## Why is this bad?
    /// `useradd` records every user in `/var/log/lastlog` and `/var/log/faillog`, files indexed
    /// by UID. For UID 123456 they grow to tens of megabytes, and very large UIDs give gigabytes.
    /// On disk they are sparse and take no room, but image layers store them in full.
    /// `--no-log-init` skips that bookkeeping, which a container never needs.
    ///
    /// A UID given through a variable is checked with the variable's `ARG` or `ENV` value; an
    /// unknown value is not reported.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN useradd -u 123456 app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN useradd --no-log-init -u 123456 app
    /// ```
    code: "DL3046",
    name: "useradd-without-no-log-init",
    category: Suspicious,
    fix: Always,
    hadolint: Some("DL3046"),
    buildkit: None,
    summary: "`useradd` with a high UID and without `--no-log-init`",
    check: check,
}

/// The UID a `useradd` command sets, as written: `-u N`, `-uN`, `--uid N`, `--uid=N`.
fn uid_arg(command: &SimpleCommand) -> Option<&str> {
    command.flag_value(&["-u", "--uid"]).or_else(|| {
        command.args().iter().find_map(|w| w.value.strip_prefix("-u").filter(|v| !v.is_empty() && !v.starts_with('-')))
    })
}

fn check(ctx: &mut Checker) {
    for (index, _, script) in ctx.scripts() {
        for command in script.find("useradd") {
            if command.has_any_flag(&["-l", "--no-log-init"]) {
                continue;
            }
            let Some(raw) = uid_arg(command) else { continue };
            // A variable counts with its ARG/ENV value; an unknown one is not judged.
            let Some(uid) = ctx.model.resolve(index, raw).and_then(|v| v.trim().parse::<u64>().ok()) else {
                continue;
            };
            if uid < 100_000 {
                continue;
            }
            let Some(program) = command.words.first() else { continue };
            let fix = Fix::safe("Add `--no-log-init`", vec![Edit::insert(program.range.end, " --no-log-init")]);
            // lastlog keeps 292 bytes per UID and faillog 32, up to the highest UID.
            let megabytes = uid.saturating_mul(292 + 32) / 1_000_000;
            ctx.report_fix(
                command.range,
                format!(
                    "`useradd` with UID {uid} and without `--no-log-init` writes about {megabytes} MB of lastlog and faillog records into the image"
                ),
                Some(fix),
            );
        }
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
                "RUN useradd luser\n",
                "RUN useradd -u 12345 luser\n",
                "RUN useradd -l -u 123456 luser\n",
                "RUN useradd --no-log-init --uid=123456 luser\n",
                "RUN useradd -rlu 123456 luser\n",
                "ARG UID=1000\nRUN useradd -m -u ${UID} josh\n",
                "ARG UID\nRUN useradd -m -u ${UID} josh\n",
                "RUN useradd -u $(id -u) luser\n",
                "RUN adduser -u 123456 luser\n",
            ])
            .fail(&[
                "RUN useradd -u 123456 luser\n",
                "RUN useradd --uid=1000000 luser\n",
                "RUN useradd -u1000000 luser\n",
                "ARG APP_UID=200000\nRUN groupadd app && useradd -g app -u \"$APP_UID\" app\n",
                "ONBUILD RUN useradd -u 123456 luser\n",
            ])
            .fix(&[(
                "RUN groupadd -g 123456 app && \\\n    useradd -u 123456 -g app app\n",
                "RUN groupadd -g 123456 app && \\\n    useradd --no-log-init -u 123456 -g app app\n",
            )])
            .run();
    }
}
