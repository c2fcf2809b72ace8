use crate::rules::prelude::*;
use crate::semantic::mount_option;
use crate::text::code;

declare_rule! {
    /// ## What it does
    /// Checks for stage names (`FROM … AS <name>`) that are not all lowercase.
    ///
    /// ## Why is this bad?
    /// BuildKit lowercases stage names, so `AS BuilderBase` really defines `builderbase`.
    /// `COPY --from=BuilderBase` still finds it, but `FROM BuilderBase` does not: it is read
    /// as an image name, and image names must be lowercase, so the build fails. Lowercase
    /// names avoid the trap and set stage names apart from the uppercase instruction
    /// keywords.
    ///
    /// The fix lowercases the name and every reference to it: `FROM <stage>`,
    /// `COPY --from=<stage>` and `RUN --mount=…,from=<stage>`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20 AS BuilderBase
    /// RUN apk add --no-cache build-base
    /// FROM alpine:3.20
    /// COPY --from=BuilderBase /usr/bin/make /usr/bin/make
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20 AS builder-base
    /// RUN apk add --no-cache build-base
    /// FROM alpine:3.20
    /// COPY --from=builder-base /usr/bin/make /usr/bin/make
    /// ```
    code: "SS101",
    name: "stage-name-casing",
    category: Style,
    fix: Always,
    hadolint: None,
    buildkit: Some("StageNameCasing"),
    summary: "A stage name is not lowercase",
    check: check,
}

fn check(ctx: &mut Checker) {
    for stage in &ctx.model.stages {
        let Some(from) = stage.from else { continue };
        let Args::From(args) = &ctx.file.instructions[from].args else {
            continue;
        };
        let Some(name) = &args.name else { continue };
        let lower = name.value.to_ascii_lowercase();
        if name.value == lower {
            continue;
        }
        let mut edits = vec![Edit::replace(name.range, lower.clone())];
        edits.extend(reference_edits(ctx, stage.index, &name.value, &lower));
        let fix = Fix::safe(format!("Rename the stage to {} everywhere", code(&lower)), edits);
        ctx.report_fix(
            name.range,
            format!(
                "Stage name {} is not lowercase: BuildKit lowercases stage names, so {} would not find this stage",
                code(&name.value),
                code(&format!("FROM {}", name.value))
            ),
            Some(fix),
        );
    }
}

/// Edits that lowercase every reference to the stage called `name` (any casing).
fn reference_edits(ctx: &Checker, stage: usize, name: &str, lower: &str) -> Vec<Edit> {
    let mut edits = Vec::new();
    let first_after = ctx.model.stages[stage].instructions.end;
    for (index, outer) in ctx.instructions() {
        let instruction = outer.effective();
        // `FROM <stage>` in a later stage.
        if index >= first_after
            && instruction.kind == Kind::From
            && let Args::From(args) = &instruction.args
            && let Some(image) = &args.image
            && image.value.eq_ignore_ascii_case(name)
            && image.value != lower
            && ctx.text(image.range) == image.value
        {
            edits.push(Edit::replace(image.range, lower));
        }
        for flag in &instruction.flags {
            let (Some(value), Some(range)) = (&flag.value, flag.value_range) else {
                continue;
            };
            match flag.name.as_str() {
                "from" if value.eq_ignore_ascii_case(name) && value != lower && ctx.text(range) == value => {
                    edits.push(Edit::replace(range, lower));
                }
                "mount" => {
                    if mount_option(value, "from").is_some_and(|v| v.eq_ignore_ascii_case(name) && v != lower)
                        && let Some(at) = mount_from_offset(ctx.text(range), name)
                    {
                        let start = range.start + crate::text::to_u32(at);
                        let end = start + crate::text::to_u32(name.len());
                        edits.push(Edit::replace(TextRange::new(start, end), lower));
                    }
                }
                _ => {}
            }
        }
    }
    edits
}

/// Where the value of `from=<name>` starts in a raw `--mount` value.
fn mount_from_offset(raw: &str, name: &str) -> Option<usize> {
    let mut offset = 0;
    for part in raw.split(',') {
        if let Some((key, value)) = part.split_once('=')
            && key.trim() == "from"
            && value.trim().eq_ignore_ascii_case(name)
        {
            let value_start = key.len() + 1 + (value.len() - value.trim_start().len());
            return Some(offset + value_start);
        }
        offset += part.len() + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(&RULE)
            .pass(&[
                // From BuildKit's docs for StageNameCasing.
                "FROM alpine AS builder-base\n",
                "FROM alpine\n",
                "FROM alpine:3.20 as build\nFROM build\n",
                "FROM scratch AS s1\nFROM golang:1.23 AS build_2.x\n",
            ])
            .fail(&[
                "FROM alpine AS BuilderBase\n",
                "FROM golang:1.23 AS Build\nRUN go build -o /app .\nFROM scratch\nCOPY --from=Build /app /app\n",
                "FROM node:22 AS DEPS\nFROM node:22 AS App\nONBUILD COPY --from=deps /x /x\n",
            ])
            .fix(&[
                ("FROM alpine AS BuilderBase\n", "FROM alpine AS builderbase\n"),
                (
                    "FROM golang:1.23 AS Build\nRUN --mount=type=cache,target=/root/.cache/go-build go build -o /app .\nFROM Build AS Test\nRUN --mount=type=bind,from=BUILD,source=/app,target=/x /x --test\nFROM scratch\nCOPY --from=Build /app /app\nONBUILD COPY --from=build /app /app\n",
                    "FROM golang:1.23 AS build\nRUN --mount=type=cache,target=/root/.cache/go-build go build -o /app .\nFROM build AS test\nRUN --mount=type=bind,from=build,source=/app,target=/x /x --test\nFROM scratch\nCOPY --from=build /app /app\nONBUILD COPY --from=build /app /app\n",
                ),
                (
                    "FROM alpine:3.20 AS Tools\nFROM alpine:3.20\nCOPY --from=Tools /bin/busybox /busybox\n",
                    "FROM alpine:3.20 AS tools\nFROM alpine:3.20\nCOPY --from=tools /bin/busybox /busybox\n",
                ),
            ])
            .run();
    }
}
