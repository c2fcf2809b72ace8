use super::packages::{name_list, package_names, pin_hint};
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for gems in `gem install` (or `gem i`) without a version (`rails` rather than
    /// `rails:8.0.1`, or `-v 8.0.1`).
    ///
    /// Words after `--` are build options for the gem's native extension and are not gems.
    /// Gems given as variables are left alone.
    ///
    /// ## Why is this bad?
    /// Without a version, gem installs the newest release on the day of the build. Two builds
    /// of the same Dockerfile then differ, and a new release with a breaking change can break
    /// the image without any change on your side. A version, or a `Gemfile.lock` with
    /// `bundle install`, makes the build repeatable.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM ruby:3.4-slim
    /// RUN gem install bundler
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM ruby:3.4-slim
    /// RUN gem install bundler:2.6.3
    /// ```
    code: "DL3028",
    name: "unpinned-gem-install",
    category: Suspicious,
    fix: Never,
    hadolint: Some("DL3028"),
    buildkit: None,
    summary: "`gem install` without gem versions",
    check: check,
}

/// `gem install` options that take the next word as their value.
const WITH_VALUE: &[&str] = &[
    "-i",
    "--install-dir",
    "-n",
    "--bindir",
    "--build-root",
    "-s",
    "--source",
    "-p",
    "--http-proxy",
    "-P",
    "--trust-policy",
    "-g",
    "--file",
    "--platform",
    "--target-rbconfig",
    "--config-file",
];

/// `gem install` options that take no value. Other long options are read as taking the next
/// word, so that an unknown `--option value` is not mistaken for a gem.
const FLAGS: &[&str] = &[
    "--ri",
    "--rdoc",
    "--document",
    "--user-install",
    "--force",
    "--local",
    "--remote",
    "--both",
    "--conservative",
    "--minimal-deps",
    "--prerelease",
    "--pre",
    "--development",
    "--development-all",
    "--ignore-dependencies",
    "--env-shebang",
    "--wrappers",
    "--format-executable",
    "--lock",
    "--suggestions",
    "--default",
    "--explain",
    "--quiet",
    "--verbose",
    "--silent",
    "--norc",
    "--backtrace",
    "--debug",
    "--clear-sources",
    "--update-sources",
    "--vendor",
    "--post-install-message",
];

/// The gems of a `gem install` command, or `None` for another command or when `-v` pins them.
fn gems(command: &SimpleCommand) -> Option<Vec<&ShellWord>> {
    let mut operands = Vec::new();
    let mut args = command.args().iter();
    while let Some(word) = args.next() {
        let value = word.value.as_str();
        match value {
            "--" => break,
            "-v" | "--version" => return None,
            _ if value.starts_with("--version=") => return None,
            _ if value.starts_with("--") => {
                let takes_value = !value.contains('=')
                    && !value.starts_with("--no-")
                    && !value.starts_with("--skip")
                    && !FLAGS.contains(&value);
                if takes_value {
                    args.next();
                }
            }
            _ if value.starts_with('-') && value.len() > 1 => {
                if WITH_VALUE.contains(&value) {
                    args.next();
                }
            }
            _ => operands.push(word),
        }
    }
    let (first, rest) = operands.split_first()?;
    if !matches!(first.value.as_str(), "install" | "i") {
        return None;
    }
    Some(rest.to_vec())
}

fn check(ctx: &mut Checker) {
    for (index, _, script) in ctx.scripts() {
        for command in script.find("gem") {
            let Some(words) = gems(command) else { continue };
            // `name:version`, or a local `.gem` file, whose name carries its version.
            let unpinned: Vec<String> = package_names(ctx, index, script, command, &words)
                .into_iter()
                .filter(|g| !g.contains(':') && !g.ends_with(".gem"))
                .collect();
            let Some(first) = unpinned.first() else { continue };
            let message = format!(
                "`gem install` without a version for {} installs the newest release on build day: {}",
                name_list(&unpinned),
                pin_hint(unpinned.len(), &format!("{first}:<version>"))
            );
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
                "RUN gem install bundler:2.6.3\n",
                "RUN gem i bundler:2.6.3 rake:13.2.1\n",
                "RUN gem install bundler -v 2.6.3\n",
                "RUN gem install bundler --version '~> 2.6'\n",
                "RUN gem install bundler --version=2.6.3\n",
                "RUN gem install nokogiri:1.18.2 -- --use-system-libraries\n",
                "RUN gem install --no-document -i /usr/local/bundle rails:8.0.1\n",
                "RUN gem install ./vendor/app-1.0.gem\n",
                "RUN gem install $GEMS\n",
                "RUN gem update --system\n",
            ])
            .fail(&[
                "RUN gem install bundler\n",
                "RUN gem i rails:8.0.1 puma\n",
                "RUN gem install --no-document rails\n",
                "ONBUILD RUN gem install rake\n",
            ])
            .run();
    }
}
