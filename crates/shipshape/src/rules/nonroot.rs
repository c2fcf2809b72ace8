//! Shared by `last-user-root` (DL3002) and `missing-user`: which user a stage runs as, and the
//! fix that makes it run as an unprivileged one — created with the image's own tools, never
//! a name the image does not have.

use super::Checker;
use crate::fix::{Edit, Fix};
use crate::semantic::{Base, ImageRef, Os, Stage};
use crate::syntax::{Args, Instruction, Kind};
use crate::text::code;

/// True for `root`, `0`, `root:x`, `0:x`.
pub fn is_root(user: &str) -> bool {
    let name = user.split(':').next().unwrap_or(user);
    name == "root" || name == "0"
}

/// The value of a USER instruction.
pub fn user_of(instruction: &Instruction) -> Option<&str> {
    match &instruction.args {
        Args::Text(word) if instruction.kind == Kind::User => Some(word.value.as_str()),
        _ => None,
    }
}

/// The last USER of a stage or, failing that, of the stages it builds on: `(index, user)`.
pub fn last_user<'a>(ctx: &Checker<'a>, stage: &Stage) -> Option<(usize, &'a str)> {
    ctx.model
        .lineage(stage.index)
        .find_map(|s| s.instructions.clone().rev().find_map(|i| user_of(&ctx.file.instructions[i]).map(|u| (i, u))))
}

/// True when the image is known to run as an unprivileged user without a USER instruction.
pub fn runs_unprivileged(image: &ImageRef) -> bool {
    let tag = image.tag_or_latest();
    let host = image.registry_host();
    (host == "gcr.io" && image.repository.starts_with("distroless/") && tag.contains("nonroot"))
        || (host == "cgr.dev" && !tag.contains("dev"))
        || image.repository.starts_with("bitnami/")
        || image.repository.contains("unprivileged")
        || image.name().ends_with("-nonroot")
        || tag.contains("nonroot")
        || tag.contains("rootless")
}

/// How to make a stage run unprivileged.
struct Plan {
    /// A RUN that creates the user, when the image does not have one.
    create: Option<&'static str>,
    /// The USER value.
    user: String,
    /// `--chown` for the application files copied in, when we created the user.
    chown: Option<&'static str>,
}

/// The uid:gid shipshape gives the user it creates. Numeric, so that `USER` names an id the host
/// and Kubernetes' `runAsNonRoot` can check without the image's `/etc/passwd` (DL3066).
const APP_ID: &str = "10001";

fn plan(ctx: &Checker, stage: &Stage) -> Option<Plan> {
    if let Some(user) = created_user(ctx, stage) {
        return Some(Plan { create: None, user, chown: None });
    }
    let image = ctx.model.root_image(stage.index);
    if image.is_some_and(|i| i.name() == "node") {
        // The official node images have the user `node`, uid and gid 1000.
        return Some(Plan { create: None, user: "1000:1000".to_string(), chown: Some("node:node") });
    }
    if image.is_some_and(ImageRef::is_oven_bun) && stage.os != Os::Distroless {
        // So do Oven's Bun images (Debian and Alpine): `bun`, uid and gid 1000.
        return Some(Plan { create: None, user: "1000:1000".to_string(), chown: Some("bun:bun") });
    }
    let base_is_scratch = ctx.model.lineage(stage.index).any(|s| s.base == Base::Scratch);
    let created = |create: &'static str| Plan {
        create: Some(create),
        user: format!("{APP_ID}:{APP_ID}"),
        chown: Some("app:app"),
    };
    match stage.os {
        Os::Distroless | Os::Wolfi | Os::Scratch => {
            Some(Plan { create: None, user: "65532:65532".to_string(), chown: None })
        }
        _ if base_is_scratch => Some(Plan { create: None, user: "65532:65532".to_string(), chown: None }),
        Os::Alpine | Os::Busybox => Some(created("RUN addgroup -S -g 10001 app && adduser -S -u 10001 -G app app")),
        Os::Debian | Os::Ubuntu => Some(created(
            "RUN groupadd --system --gid 10001 app \\\n    && useradd --system --uid 10001 --gid app --no-log-init --create-home app",
        )),
        Os::Rhel if !image.is_some_and(|i| i.repository.contains("minimal") || i.repository.contains("micro")) => {
            Some(created(
                "RUN groupadd --system --gid 10001 app \\\n    && useradd --system --uid 10001 --gid app --no-log-init --create-home app",
            ))
        }
        _ => None,
    }
}

/// A user created by `useradd`/`adduser` in the stage or its ancestors.
fn created_user(ctx: &Checker, stage: &Stage) -> Option<String> {
    for s in ctx.model.lineage(stage.index) {
        for i in s.instructions.clone().rev() {
            let Some(script) = ctx.model.script(i) else {
                continue;
            };
            for command in script.commands.iter().rev() {
                if !command.is_any(&["useradd", "adduser"]) {
                    continue;
                }
                let mut args = command.args().iter().map(|w| w.value.as_str());
                let mut positional = Vec::new();
                let mut uid: Option<&str> = None;
                while let Some(arg) = args.next() {
                    if matches!(arg, "-u" | "--uid") {
                        uid = args.next();
                        continue;
                    }
                    if let Some(value) = arg.strip_prefix("--uid=") {
                        uid = Some(value);
                        continue;
                    }
                    if let Some(flag) = arg.strip_prefix("--") {
                        if !flag.contains('=')
                            && matches!(
                                flag,
                                "uid"
                                    | "gid"
                                    | "groups"
                                    | "home-dir"
                                    | "home"
                                    | "shell"
                                    | "comment"
                                    | "gecos"
                                    | "ingroup"
                                    | "skel"
                                    | "key"
                                    | "password"
                                    | "expiredate"
                                    | "inactive"
                                    | "base-dir"
                                    | "firstuid"
                                    | "lastuid"
                                    | "conf"
                            )
                        {
                            args.next();
                        }
                    } else if let Some(flags) = arg.strip_prefix('-') {
                        if flags.chars().last().is_some_and(|c| "ugGdsckefKpbhDH".contains(c)) {
                            args.next();
                        }
                    } else {
                        positional.push(arg);
                    }
                }
                // A numeric uid keeps DL3066 quiet and works without the image's passwd.
                let numeric = uid.filter(|u| !u.is_empty() && u.chars().all(|c| c.is_ascii_digit()));
                // `useradd -o -u 0 admin` is root under another name.
                let uid_zero = numeric.is_some_and(|u| u.trim_start_matches('0').is_empty());
                if let Some(name) = positional.first()
                    && !name.contains('$')
                    && !is_root(name)
                    && !uid_zero
                {
                    return Some(numeric.map_or_else(|| (*name).to_string(), str::to_string));
                }
            }
        }
    }
    None
}

/// The fix that makes `stage` run as an unprivileged user, if one can be built safely.
pub fn fix(ctx: &Checker, stage: &Stage) -> Option<Fix> {
    let plan = plan(ctx, stage)?;
    let instructions = &ctx.file.instructions;
    let range = stage.instructions.clone();
    // USER goes after the last RUN or USER (they may need root) and before CMD/ENTRYPOINT.
    let anchor =
        range.clone().rev().find(|&i| matches!(instructions[i].kind, Kind::Run | Kind::User)).unwrap_or(range.start);
    let before = (anchor + 1..range.end).find(|&i| matches!(instructions[i].kind, Kind::Cmd | Kind::Entrypoint));
    let mut edits = Vec::new();
    let mut user_lines = String::new();
    // The user must exist before files are chowned to it: create it ahead of the first COPY
    // or ADD from the build context, else together with USER.
    let copies: Vec<usize> = range
        .clone()
        .filter(|&i| matches!(instructions[i].kind, Kind::Copy | Kind::Add) && instructions[i].flag("from").is_none())
        .collect();
    if let Some(create) = plan.create {
        match copies.first() {
            Some(&first) if before.is_none_or(|b| first < b) && first != range.start => {
                edits.push(ctx.insert_before(&instructions[first], create));
            }
            _ => {
                user_lines.push_str(create);
                user_lines.push('\n');
            }
        }
    }
    if let Some(chown) = plan.chown {
        for &i in &copies {
            let copy = &instructions[i];
            if copy.flag("chown").is_none()
                && plan.create.is_none_or(|_| edits.first().is_some_and(|e| e.range.start <= copy.range.start))
            {
                edits.push(Edit::insert(copy.keyword.end, format!(" --chown={chown}")));
            }
        }
    }
    user_lines.push_str(&format!("USER {}", plan.user));
    edits.push(match before {
        Some(b) => ctx.insert_before(&instructions[b], &user_lines),
        None => ctx.insert_after(&instructions[range.end - 1], &user_lines),
    });
    let title = match plan.create {
        Some(_) => format!("Create the unprivileged user `app` (uid {APP_ID}) and switch to it"),
        None => format!("Switch to the unprivileged user {}", code(&plan.user)),
    };
    Some(Fix::unsafe_edit(title, edits))
}
