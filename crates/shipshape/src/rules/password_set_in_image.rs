use crate::rules::prelude::*;
use crate::text::code;

declare_rule! {
    /// ## What it does
    /// Checks for RUN commands that set an account password in the image: `chpasswd`,
    /// `usermod -p`/`--password`, `useradd -p`/`--password`, and `passwd -d`, which removes
    /// the password altogether.
    ///
    /// ## Why is this bad?
    /// The password (or its hash) ends up in a layer and in the image history, where anyone
    /// who can pull the image reads it: `echo root:secret | chpasswd` shows in
    /// `docker history` as it was typed. Every container from the image then shares that
    /// password, and an account with a password (or with none) is a way to become another user
    /// inside the container. Accounts that run services do not need a password: create them
    /// with `--disabled-password` (Debian's `adduser`) or lock them, and use `docker exec`,
    /// not a login, to get in. Checkov reports `chpasswd` as CKV2_DOCKER_17.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN useradd --create-home app && echo 'app:changeme' | chpasswd
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN useradd --create-home app
    /// ```
    code: "SS206",
    name: "password-set-in-image",
    category: Security,
    fix: Never,
    hadolint: None,
    buildkit: None,
    summary: "A RUN sets an account password in the image",
    check: check,
}

fn check(ctx: &mut Checker) {
    for (_, _, script) in ctx.scripts() {
        for command in &script.commands {
            const READABLE: &str = "where anyone who pulls it can read it from the layer and the history";
            let message = if command.is("chpasswd") {
                format!("`chpasswd` sets a password in the image, {READABLE}")
            } else if command.is_any(&["usermod", "useradd"])
                && command
                    .flag_value(&["-p", "--password"])
                    // `*` and `!` are not hashes: they lock password logins.
                    .is_some_and(|hash| !matches!(hash, "*" | "!" | "!!" | "!*" | "x"))
            {
                let program = command.program().unwrap_or("usermod");
                format!("{} puts a password hash in the image, {READABLE}", code(&format!("{program} -p")))
            } else if command.is("passwd") && command.has_any_flag(&["-d", "--delete"]) {
                "`passwd -d` leaves an account without a password in the image, so anyone in the container can become it"
                    .to_string()
            } else {
                continue;
            };
            ctx.report(command.range, message);
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
                "FROM debian:12\nRUN useradd --create-home app\n",
                "FROM alpine:3.20\nRUN adduser -D -H app\n",
                "FROM debian:12\nRUN passwd -l root\n",
                "FROM debian:12\nRUN echo chpasswd\n",
                "FROM debian:12\nRUN usermod -aG sudo app\n",
                "FROM debian:12\nRUN usermod -p \"*\" app -s /bin/bash\n",
                "FROM debian:12\nRUN useradd -p '!' app\n",
            ])
            .fail(&[
                "FROM debian:12\nRUN echo 'root:root' | chpasswd\n",
                "FROM debian:12\nRUN useradd -m app && echo \"app:${PASSWORD}\" | /usr/sbin/chpasswd\n",
                "FROM debian:12\nRUN usermod -p '$6$salt$hash' root\n",
                "FROM debian:12\nRUN useradd --password \"$HASH\" app\n",
                "FROM alpine:3.20\nRUN passwd -d root\n",
                "FROM debian:12\nRUN <<EOF\necho 'root:root' | chpasswd\nEOF\n",
                "FROM debian:12\nONBUILD RUN echo 'app:x' | chpasswd\n",
            ])
            .run();
    }
}
