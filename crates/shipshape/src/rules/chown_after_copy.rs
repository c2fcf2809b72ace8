use crate::rules::prelude::*;
use crate::text::code;

declare_rule! {
    /// ## What it does
    /// Checks for a `RUN chown` right after a `COPY` or `ADD`, on the files just copied.
    ///
    /// ## Why is this bad?
    /// Changing the owner of files in a later layer copies every one of them into that layer:
    /// the image stores them twice, once per owner. `COPY --chown=user:group` writes them with
    /// the right owner in the first place, in one layer.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22.11-slim
    /// COPY . /app
    /// RUN chown -R node:node /app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:22.11-slim
    /// COPY --chown=node:node . /app
    /// ```
    ///
    /// ## Fix safety
    /// `COPY --chown` sets the owner of what it copies, while `chown -R` also changes a
    /// destination directory that existed before (created by `WORKDIR`, say). An application
    /// that writes into that directory may then fail, so the fix is unsafe.
    code: "SS005",
    name: "chown-after-copy",
    category: Performance,
    fix: Sometimes,
    hadolint: None,
    buildkit: None,
    summary: "A RUN chown rewrites files a COPY just added",
    check: check,
}

fn normalize(path: &str) -> &str {
    let trimmed = path.trim_end_matches('/');
    let trimmed = trimmed.strip_suffix("/*").unwrap_or(trimmed);
    if trimmed.is_empty() { "/" } else { trimmed }
}

fn check(ctx: &mut Checker) {
    let instructions = &ctx.file.instructions;
    for (index, copy) in instructions.iter().enumerate() {
        if !matches!(copy.kind, Kind::Copy | Kind::Add) || copy.flag("chown").is_some() {
            continue;
        }
        let Some(dest) = copy_paths(copy).split_last().filter(|(_, s)| !s.is_empty()).map(|(d, _)| d) else {
            continue;
        };
        let Some(run) = instructions.get(index + 1).filter(|i| i.kind == Kind::Run) else {
            continue;
        };
        let Some(script) = ctx.model.script(index + 1) else {
            continue;
        };
        let top: Vec<&SimpleCommand> = script.top_level().collect();
        let Some(pos) = top.iter().position(|c| {
            c.is("chown")
                && c.args()
                    .iter()
                    .all(|w| !w.value.starts_with('-') || matches!(w.value.as_str(), "-R" | "--recursive" | "-v"))
                && {
                    let operands: Vec<&str> = c.positional().map(|w| w.value.as_str()).collect();
                    operands.len() == 2
                        && normalize(operands[1]) == normalize(&dest.value)
                        && !operands[0].contains('$')
                }
        }) else {
            continue;
        };
        let chown = top[pos];
        let owner = chown.positional().next().map(|w| w.value.clone()).unwrap_or_default();
        let mut edits = vec![Edit::insert(copy.keyword.end, format!(" --chown={owner}"))];
        // In a script left open (an unclosed backquote or `$(`), the commands inside the open
        // construct are read too, and may sit inside the one before: no deletion spans them.
        let removable = if top.len() == 1 {
            Some(ctx.delete_instruction(run))
        } else if pos == 0
            && chown.end.is_some_and(|op| op.kind == OperatorKind::And)
            && chown.range.end <= top[1].range.start
        {
            Some(Edit::delete(TextRange::new(chown.range.start, top[1].range.start)))
        } else if pos == top.len() - 1
            && top[pos - 1].end.is_some_and(|op| op.kind == OperatorKind::And)
            && top[pos - 1].range.end <= chown.range.start
        {
            Some(Edit::delete(TextRange::new(top[pos - 1].range.end, chown.range.end)))
        } else {
            None
        };
        let fix = removable.map(|edit| {
            edits.push(edit);
            Fix::unsafe_edit(format!("Use {} and drop the `chown`", code(&format!("COPY --chown={owner}"))), edits)
        });
        ctx.report_fix(
            chown.range,
            format!(
                "`chown` on files just copied duplicates them in a new layer: use {}",
                code(&format!("{} --chown={owner}", copy.kind.as_str()))
            ),
            fix,
        );
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
                "FROM node:22\nCOPY --chown=node:node . /app\n",
                "FROM node:22\nCOPY . /app\nRUN chown -R node:node /data\n",
                "FROM node:22\nCOPY . /app\nRUN npm ci\nRUN chown -R node:node /app\n",
                "FROM node:22\nCOPY . /app\nRUN chown -R $USER /app\n",
            ])
            .fail(&[
                "FROM node:22\nCOPY . /app\nRUN chown -R node:node /app\n",
                "FROM node:22\nCOPY app.js /app/\nRUN chown node /app && npm ci\n",
            ])
            .fix(&[
                (
                    "FROM node:22\nCOPY . /app\nRUN chown -R node:node /app\nUSER node\n",
                    "FROM node:22\nCOPY --chown=node:node . /app\nUSER node\n",
                ),
                (
                    "FROM node:22\nCOPY . /app/\nRUN chown -R node:node /app && \\\n    npm ci\n",
                    "FROM node:22\nCOPY --chown=node:node . /app/\nRUN npm ci\n",
                ),
                (
                    "FROM node:22\nADD site.tar.gz /srv\nRUN tar -xf x && chown 1000:1000 /srv\n",
                    "FROM node:22\nADD --chown=1000:1000 site.tar.gz /srv\nRUN tar -xf x\n",
                ),
            ])
            .run();
    }
}
