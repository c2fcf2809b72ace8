use crate::rules::prelude::*;
use crate::text::code;

declare_rule! {
    /// ## What it does
    /// Checks for `ARG` and `ENV` variables whose names say they hold a secret: a password,
    /// token, secret, credential or API/access/private key (`DB_PASSWORD`, `GITHUB_TOKEN`,
    /// `AWS_SECRET_ACCESS_KEY`, `npmAuthToken`).
    ///
    /// ## Why is this bad?
    /// An `ENV` value is stored in the image configuration: anyone who can pull the image reads
    /// it with `docker inspect`. An `ARG` value is recorded in the build history
    /// (`docker history`) of every layer that uses it. Either way the secret ships with the
    /// image. Pass build secrets with `RUN --mount=type=secret,id=…` instead, which makes the
    /// secret available to that one command without storing it, and give runtime secrets to
    /// the container when it starts.
    ///
    /// Names are matched by whole words, so `TOKENIZERS_PARALLELISM`, `NGINX_SERVER_TOKENS` or
    /// `GPG_KEY` (a public key fingerprint) are not reported. Names that say the value is public
    /// or points to a file (`NEXT_PUBLIC_API_KEY`, `POSTGRES_PASSWORD_FILE`) are not reported
    /// either: those are how secrets are meant to be handled.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22-slim
    /// ARG NPM_TOKEN
    /// RUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:22-slim
    /// RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci
    /// ```
    code: "DL3064",
    name: "secret-in-arg-or-env",
    category: Suspicious,
    fix: Never,
    hadolint: Some("DL3064"),
    buildkit: Some("SecretsUsedInArgOrEnv"),
    summary: "ARG or ENV holds what looks like a secret",
    check: check,
}

/// Words that name a secret on their own.
const SECRET_WORDS: &[&str] = &[
    "password",
    "passwd",
    "pword",
    "pass",
    "passphrase",
    "secret",
    "secrets",
    "token",
    "apikey",
    "credential",
    "credentials",
    "privatekey",
];

/// Words that make a following `key` a secret: `API_KEY`, `ACCESS_KEY`, `PRIVATE_KEY`.
const KEY_KINDS: &[&str] = &[
    "api",
    "access",
    "private",
    "client",
    "signing",
    "encryption",
    "master",
    "app",
    "ssh",
    "license",
    "session",
    "jwt",
];

/// Words that say the value is not itself a secret.
const NOT_SECRET: &[&str] = &["public", "file", "path", "dir", "name"];

/// The lower-case words of a variable name: split at `_`, `-`, `.` and lower-to-upper case
/// changes (`npmAuthToken` gives `npm`, `auth`, `token`).
fn words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut previous_lower = false;
    for c in name.chars() {
        if matches!(c, '_' | '-' | '.') {
            out.push(std::mem::take(&mut current));
            previous_lower = false;
            continue;
        }
        if c.is_uppercase() && previous_lower {
            out.push(std::mem::take(&mut current));
        }
        previous_lower = c.is_lowercase() || c.is_ascii_digit();
        current.extend(c.to_lowercase());
    }
    out.push(current);
    out.retain(|w| !w.is_empty());
    out
}

pub(crate) fn looks_secret(name: &str) -> bool {
    let words = words(name);
    if words.iter().any(|w| NOT_SECRET.contains(&w.as_str())) {
        return false;
    }
    words.iter().any(|w| SECRET_WORDS.contains(&w.as_str()))
        || words.windows(2).any(|pair| pair[1] == "key" && KEY_KINDS.contains(&pair[0].as_str()))
}

fn check(ctx: &mut Checker) {
    for kind in [Kind::Arg, Kind::Env] {
        for (_, instruction) in ctx.of_kind(kind) {
            let Args::Pairs(pairs) = &instruction.args else { continue };
            for pair in pairs {
                let name = &pair.key.value;
                if !looks_secret(name) {
                    continue;
                }
                let message = if kind == Kind::Arg {
                    format!(
                        "{} looks like a secret: build arguments are recorded in the image history; pass it with `RUN --mount=type=secret` instead",
                        code(name)
                    )
                } else {
                    format!(
                        "{} looks like a secret: ENV values are stored in the image for anyone to read; pass it with `RUN --mount=type=secret` instead",
                        code(name)
                    )
                };
                ctx.report(pair.key.range, message);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::RuleTest;

    #[test]
    fn splits_names() {
        assert_eq!(words("npmAuthToken"), ["npm", "auth", "token"]);
        assert_eq!(words("AWS_SECRET_ACCESS_KEY"), ["aws", "secret", "access", "key"]);
        assert_eq!(words("OAuth2-client.id"), ["oauth2", "client", "id"]);
    }

    #[test]
    fn cases() {
        RuleTest::new(&RULE)
            .pass(&[
                "FROM debian:12\nRUN foobar\n",
                "ARG foobar\nFROM debian:12\n",
                "FROM debian:12\nENV foobar=barfoo\n",
                "FROM python:3.13\nENV GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D\n",
                "FROM python:3.13\nENV TOKENIZERS_PARALLELISM=false NGINX_SERVER_TOKENS=off\n",
                "FROM node:22\nARG NEXT_PUBLIC_STRIPE_API_KEY\n",
                "FROM postgres:17\nENV POSTGRES_PASSWORD_FILE=/run/secrets/pg\n",
                "FROM node:22\nARG USERNAME=node\n",
                "FROM debian:12\nARG KEYBOARD_LAYOUT=us\n",
            ])
            .fail(&[
                "ARG AWS_ACCESS_KEY_ID\nFROM debian:12\n",
                "ARG openai_api_key\nFROM debian:12\n",
                "FROM debian:12\nENV AWS_ACCESS_KEY_ID=abcdefghijklmnopqrstuvwxyz\n",
                "FROM debian:12\nENV my_password=abcdefghijklmnopqrstuvwxyz\n",
                "FROM debian:12\nENV WEBHOOK_SECRET=\"change me\" PORT=80\n",
                "FROM node:22\nARG npmAuthToken\n",
                "FROM debian:12\nONBUILD ARG GITHUB_TOKEN\n",
            ])
            .run();
    }
}
