use crate::rules::prelude::*;
use crate::text::code;

declare_rule! {
    /// ## What it does
    /// Checks RUN for commands that need a person at a terminal or a running system: `ssh`,
    /// `vim`, `shutdown`, `service`, `ps`, `free`, `top`, `kill`, `mount` and `ifconfig`.
    /// `kill` and `ps` are left alone in a RUN that starts a background process (`server &`),
    /// where stopping it again is the point.
    ///
    /// ## Why is this bad?
    /// A RUN step executes once, without a terminal, in a throwaway container, and only the
    /// files it leaves behind reach the image. An editor waits for input that never comes;
    /// `service nginx start` starts a daemon that is gone when the step ends (the container
    /// runs `CMD`, not what a build started); `ps`, `top`, `free` and `ifconfig` describe the
    /// build container, not the one that will run; `mount` needs privileges a build does not
    /// have and would not persist anyway (use `RUN --mount`). Such commands usually come from
    /// pasting an interactive session into a Dockerfile.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN service nginx start
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12-slim
    /// CMD ["nginx", "-g", "daemon off;"]
    /// ```
    code: "DL3001",
    name: "system-command-in-run",
    category: Style,
    fix: Never,
    hadolint: Some("DL3001"),
    buildkit: None,
    summary: "RUN uses a command that needs a terminal or a running system",
    check: check,
}

/// Why a command has no place in a build step, as a one-sentence message.
fn message(program: &str) -> Option<String> {
    let text = match program {
        "ssh" => "`ssh` in RUN opens a remote session a build cannot answer, and any key it uses stays in the image",
        "vim" => {
            "`vim` in RUN waits for someone to type, and a build has no terminal: edit files with `sed` or COPY them"
        }
        "shutdown" => "`shutdown` in RUN has no running system to shut down: a build step is a throwaway container",
        "service" => {
            "`service` in RUN starts a daemon that dies when the step ends: the container runs CMD, not what the build started"
        }
        "ps" | "top" | "free" => {
            return Some(format!(
                "{} in RUN shows the build container at that moment, which tells nothing about the container that will run",
                code(program)
            ));
        }
        "kill" => "`kill` in RUN has no long-running process to stop: each build step starts afresh",
        "mount" => "`mount` in RUN fails without privileges, and mounts do not persist in the image: use `RUN --mount`",
        "ifconfig" => "`ifconfig` in RUN shows the build container's network, not the one the container will run with",
        _ => return None,
    };
    Some(text.to_string())
}

fn check(ctx: &mut Checker) {
    for (_, _, script) in ctx.scripts() {
        let starts_background =
            script.commands.iter().any(|c| c.end.is_some_and(|op| op.kind == OperatorKind::Background));
        for command in &script.commands {
            let Some(program) = command.program() else { continue };
            // Stopping a server the same RUN started in the background is the point.
            if starts_background && matches!(program, "kill" | "ps") {
                continue;
            }
            if let Some(message) = message(program) {
                ctx.report(command.range, message);
            }
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
                "RUN apt-get install -y openssh-client vim\n",
                "RUN ssh-keyscan github.com >> /etc/ssh/ssh_known_hosts\n",
                "RUN postgres -D /data & sleep 5 && psql -f init.sql && kill %1\n",
                "RUN echo top ps\n",
                "RUN [\"ps\"]\n",
            ])
            .fail(&[
                "RUN top\n",
                "RUN apt-get update && vim /etc/hosts\n",
                "RUN /usr/sbin/service nginx start\n",
                "RUN if true; then mount -t tmpfs none /mnt; fi\n",
                "ONBUILD RUN ps aux\n",
                "RUN <<EOF\nkill -9 1\nEOF\n",
            ])
            .run();
    }
}
