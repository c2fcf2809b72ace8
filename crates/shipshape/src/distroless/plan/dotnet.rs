//! .NET apps: Microsoft's chiseled Ubuntu images, which have no shell and no package manager and
//! run as `app` (uid 1654). A framework-dependent app (`dotnet app.dll`, or the apphost next to
//! it) runs on `aspnet` or `runtime`, whichever the original used; a self-contained or native AOT
//! app needs only `runtime-deps`. The `-chiseled-extra` variant has ICU and time zone data, which
//! Microsoft's other Linux images have, so an app that did not run in invariant-globalization
//! mode gets it. The version stays the one the app targets: the images exist for .NET 8 and
//! later, and older apps are refused with the retarget they need.

use super::*;
use crate::distroless::images::DotnetKind;

/// A Microsoft .NET image, as named in a FROM: `mcr.microsoft.com/dotnet/aspnet:8.0-alpine`,
/// `mcr.microsoft.com/dotnet/core/sdk:3.1`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct DotnetImage {
    /// `None` for the SDK.
    pub kind: Option<DotnetKind>,
    /// `8.0`, `3.1`; `None` for `latest`.
    pub version: Option<String>,
    pub alpine: bool,
}

pub(super) fn dotnet_image(image: &ImageRef) -> Option<DotnetImage> {
    if image.registry_host() != "mcr.microsoft.com" {
        return None;
    }
    let repository = image.repository.strip_prefix("dotnet/")?;
    let repository = repository.strip_prefix("core/").unwrap_or(repository);
    let kind = match repository {
        "aspnet" => Some(DotnetKind::Aspnet),
        "runtime" => Some(DotnetKind::Runtime),
        "runtime-deps" => Some(DotnetKind::RuntimeDeps),
        "sdk" => None,
        _ => return None,
    };
    let tag = image.tag_or_latest().to_ascii_lowercase();
    let version = analyze::tag_version(&tag).map(|v| {
        let (major, minor) = analyze::major_minor(&v);
        format!("{}.{}", major.unwrap_or(0), minor.unwrap_or(0))
    });
    Some(DotnetImage { kind, version, alpine: tag.contains("alpine") })
}

/// How the app is published, from `dotnet publish` (or `dotnet build`) in the stages the image
/// needs and the project files of the context.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Publish {
    /// The instruction that publishes.
    pub at: Option<usize>,
    /// The output directory (`-o`), absolute.
    pub output: Option<String>,
    pub self_contained: bool,
    pub aot: bool,
    /// Invariant globalization: no ICU needed (`InvariantGlobalization`).
    pub invariant: bool,
    /// The runtime identifier asked for (`linux-musl-x64`).
    pub rid: Option<String>,
    /// The target framework a project file of the context names (`net8.0` → `8.0`).
    pub framework: Option<String>,
    /// The context files read.
    pub files: Vec<String>,
}

/// A boolean MSBuild property given on the command line: `-p:PublishAot=true`,
/// `/p:SelfContained=True`, `--property:InvariantGlobalization=true`.
fn property(word: &str, name: &str) -> Option<bool> {
    let rest = ["-p:", "/p:", "--property:", "-property:", "/property:"].iter().find_map(|p| word.strip_prefix(p))?;
    rest.split(';').find_map(|pair| {
        let (key, value) = pair.split_once('=')?;
        key.eq_ignore_ascii_case(name).then(|| value.trim_matches('"').eq_ignore_ascii_case("true"))
    })
}

/// The value of an MSBuild property in a project file: `<PublishAot>true</PublishAot>`.
fn project_property<'t>(text: &'t str, name: &str) -> Option<&'t str> {
    let open = format!("<{name}>");
    let start = text.find(&open)? + open.len();
    let end = text[start..].find('<')? + start;
    Some(text[start..end].trim())
}

/// The .NET version a target framework moniker names: `net8.0` → `8.0`, `netcoreapp3.1` → `3.1`.
fn framework_version(tfm: &str) -> Option<String> {
    let tfm = tfm.split(';').next()?.trim().to_ascii_lowercase();
    let version = tfm.strip_prefix("netcoreapp").or_else(|| tfm.strip_prefix("net"))?;
    let version = version.split('-').next()?;
    let (major, minor) = analyze::major_minor(version);
    Some(format!("{}.{}", major?, minor.unwrap_or(0)))
}

/// `.NET Core 3.1`, `.NET 8`.
fn version_name(version: &str) -> String {
    match analyze::major_minor(version) {
        (Some(major), Some(minor)) if major < 5 => format!(".NET Core {major}.{minor}"),
        (Some(major), _) => format!(".NET {major}"),
        _ => format!(".NET {version}"),
    }
}

impl Planner<'_, '_> {
    pub(super) fn dotnet(&mut self) -> Result<(), Refusal> {
        let a = self.a;
        let range = a.launch.instructions().last().map(|&i| a.instruction(i).range);
        let from_range = a.root_from_range();
        let argv = a.launch.argv();
        let Some(first) = argv.first().cloned() else {
            return Err(Refusal::new(RefusalClass::NoCommand, "the image has no command", range));
        };
        // `dotnet app.dll` needs the shared framework; the apphost (`./app`) of a
        // framework-dependent app too, a self-contained or native AOT binary does not.
        let starts_host = basename(&first) == "dotnet";
        let original = a.root_image.as_ref().and_then(dotnet_image);
        let publish = self.dotnet_publish();
        self.use_context_files(publish.files.iter().cloned());
        let sdk_stage = publish.at.and_then(|i| a.model.stage_of[i]);
        let sdk = sdk_stage.and_then(|s| a.root_image_of(s)).and_then(dotnet_image);
        let version = original
            .as_ref()
            .and_then(|o| o.version.clone())
            .or_else(|| sdk.as_ref().and_then(|s| s.version.clone()))
            .or_else(|| publish.framework.clone());
        let Some(version) = version else {
            return Err(Refusal::new(
                RefusalClass::UnknownBase,
                "shipshape cannot tell which .NET version the app runs on (the images name none): use versioned tags such as `mcr.microsoft.com/dotnet/aspnet:10.0` and `sdk:10.0`, then convert again",
                from_range,
            ));
        };
        let known = images::dotnet_versions();
        if !known.contains(&version.as_str()) {
            let newest = known.last().copied().unwrap_or("10.0");
            let oldest = known.first().copied().unwrap_or("8.0");
            let older = analyze::major_minor(&version).0 < analyze::major_minor(oldest).0;
            let reason = if older {
                format!(
                    "the app runs on {}, and Microsoft's chiseled images (no shell, non-root) start at {}: retarget the project (`<TargetFramework>net{}</TargetFramework>`, with `sdk:{newest}` and `aspnet:{newest}` or `runtime:{newest}` in the Dockerfile), test it, then convert again",
                    version_name(&version),
                    version_name(oldest),
                    newest,
                )
            } else {
                format!(
                    "the app runs on {}, and shipshape's image table knows the chiseled images of .NET {} only: use Microsoft's chiseled tag for {} (`mcr.microsoft.com/dotnet/aspnet:{version}-…-chiseled`) by hand",
                    version_name(&version),
                    known
                        .iter()
                        .map(|v| version_name(v).trim_start_matches(".NET ").to_string())
                        .collect::<Vec<_>>()
                        .join(", "),
                    version_name(&version),
                )
            };
            let class = if older { RefusalClass::UnsupportedVersion } else { RefusalClass::NotPublished };
            return Err(Refusal::new(class, reason, from_range));
        }
        let musl_rid = publish.rid.as_deref().is_some_and(|r| r.contains("musl"));
        if !starts_host && musl_rid {
            return Err(Refusal::new(
                RefusalClass::BuildChange,
                format!(
                    "`dotnet publish` builds for {}, a musl (Alpine) runtime, and the chiseled images have glibc: publish for `linux-x64` (or `linux-arm64`) instead, then convert again",
                    code(&publish.rid.clone().unwrap_or_default())
                ),
                publish.at.map(|i| a.instruction(i).range),
            ));
        }
        // The image kind: what the original ran on, unless the app carries its own runtime.
        let original_kind = original.as_ref().and_then(|o| o.kind);
        let kind = if !starts_host && (publish.self_contained || publish.aot) {
            DotnetKind::RuntimeDeps
        } else {
            match original_kind {
                Some(DotnetKind::RuntimeDeps) if starts_host => {
                    return Err(Refusal::new(
                        RefusalClass::BuildChange,
                        "the image starts `dotnet` on `runtime-deps`, which has no .NET runtime: the original cannot start either; run the app's own binary, or use the `runtime` or `aspnet` image",
                        range,
                    ));
                }
                Some(kind) => kind,
                None => {
                    self.check(format!(
                        "{} is not one of .NET's runtime images, so shipshape cannot tell whether the app uses ASP.NET Core: the runtime is `aspnet`, which has both frameworks; a console app runs on the smaller `runtime` image",
                        code(&a.root_image.as_ref().map(|i| i.raw.clone()).unwrap_or_default())
                    ));
                    DotnetKind::Aspnet
                }
            }
        };
        // ICU and time zone data: Microsoft's Debian and Ubuntu images have them, its Alpine
        // images run in invariant mode without either.
        let invariant_env = a
            .model
            .variable(a.file.instructions.len(), "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT")
            .is_some_and(|v| matches!(v.to_ascii_lowercase().as_str(), "true" | "1"));
        let alpine_original = original.as_ref().is_some_and(|o| o.alpine);
        let invariant = publish.invariant || invariant_env || alpine_original;
        let extra = !invariant;
        let runtime = match self.family {
            Family::Chainguard => {
                let name = match kind {
                    DotnetKind::Aspnet => "aspnet-runtime",
                    DotnetKind::Runtime => "dotnet-runtime",
                    DotnetKind::RuntimeDeps => {
                        return Err(Refusal::new(
                            RefusalClass::NotPublished,
                            "the app is self-contained (or native AOT), and Chainguard publishes no .NET image without the runtime; its `glibc-dynamic` lacks the ICU and OpenSSL .NET loads: convert with `--runtime distroless` (Microsoft's chiseled `runtime-deps`)",
                            publish.at.map(|i| a.instruction(i).range).or(range),
                        ));
                    }
                };
                images::runtime(Family::Chainguard, name)
            }
            _ => images::dotnet_chiseled(kind, &version, extra),
        };
        let runtime = runtime
            .ok_or_else(|| Refusal::new(RefusalClass::ConverterLimit, "the image table has no .NET runtime", None))?;
        self.runtime = Some(runtime);
        match self.family {
            Family::Chainguard => {
                self.final_env.push("ENV DOTNET_ROLL_FORWARD=Major".into());
                // What Microsoft's images set and the app relied on.
                if kind == DotnetKind::Aspnet && !self.aspnet_ports_configured() {
                    self.final_env.push("ENV ASPNETCORE_HTTP_PORTS=8080".into());
                    self.note(
                        "Microsoft's .NET images set `ASPNETCORE_HTTP_PORTS=8080`, which made the app listen on 8080; the final stage sets it, so it still does on Chainguard's image",
                    );
                }
                if alpine_original && !invariant_env {
                    self.final_env.push("ENV DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=true".into());
                    self.note(
                        "Microsoft's Alpine images run .NET in invariant-globalization mode (`DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=true`); the final stage sets it too, so culture data behaves as before",
                    );
                }
                self.check(format!(
                    "Chainguard's `{}:latest` has only the newest .NET, and the app targets {}: `DOTNET_ROLL_FORWARD=Major` lets it start on the newer runtime; test it there, or retarget the project to the newest .NET",
                    runtime.repository.rsplit('/').next().unwrap_or(runtime.repository),
                    version_name(&version)
                ));
                if !invariant {
                    self.check(
                        "The original image had ICU (culture data) and time zone data: check that the app's formatting and time zones work on Chainguard's image, or set `InvariantGlobalization` if it needs neither",
                    );
                }
            }
            _ => {
                self.note(format!(
                    "Google's distroless has no .NET image: the runtime is Microsoft's chiseled Ubuntu image {}, distroless in the same sense (no shell, no package manager), running as `app` (uid 1654)",
                    code(&runtime.reference())
                ));
                if extra {
                    self.note(
                        "The original image had ICU (culture-aware formatting and sorting) and time zone data, and the app did not ask for invariant globalization: the `-chiseled-extra` variant has both; if the app sets `InvariantGlobalization` and converts no time zones, the plain `-chiseled` image is smaller",
                    );
                } else if alpine_original {
                    self.note(
                        "The original Alpine image ran .NET in invariant-globalization mode, without ICU or time zone data: so does the plain chiseled image",
                    );
                } else {
                    self.check(
                        "The app runs with invariant globalization, so the runtime is the plain chiseled image, which has no ICU and no time zone data: if the app converts time zones (`TimeZoneInfo.FindSystemTimeZoneById`), use the `-chiseled-extra` variant",
                    );
                }
                let newest = known.last().copied().unwrap_or("10.0");
                if version != newest
                    && let Some((_, until)) = images::DOTNET_SUPPORT.iter().find(|(v, _)| *v == version)
                {
                    self.check(format!(
                        "Microsoft supports {} until {until}; after that its images get no fixes: plan the move to {}",
                        version_name(&version),
                        version_name(newest)
                    ));
                }
            }
        }
        if kind == DotnetKind::RuntimeDeps && original_kind != Some(DotnetKind::RuntimeDeps) {
            self.note(format!(
                "`dotnet publish` makes a {} app, which carries its own runtime: it runs on `runtime-deps`, the smallest of the .NET images",
                if publish.aot { "native AOT" } else { "self-contained" }
            ));
        }
        // A binary published on Alpine links musl: build it on Ubuntu, like the runtime.
        if !starts_host
            && let (Some(stage), Some(sdk)) = (sdk_stage, sdk.as_ref())
            && sdk.alpine
        {
            let root = a.model.lineage(stage).last().map_or(stage, |s| s.index);
            let builder = runtime.builder.filter(|b| b.starts_with("mcr.microsoft.com/")).map(str::to_string);
            let builder = builder.unwrap_or_else(|| format!("mcr.microsoft.com/dotnet/sdk:{version}-noble"));
            self.rebase(
                root,
                &builder,
                "`dotnet publish` on Alpine makes the app's executable for musl, and the runtime image has glibc; on Ubuntu it is made for glibc",
            )?;
        }
        self.build_name = self.unique_build_name();
        self.copy_app_dirs = !self.lineage_builds();
        let command_at = a.launch.instructions().last().copied().unwrap_or(0);
        if self.split && !self.copy_app_dirs {
            let Some(output) =
                publish.output.clone().filter(|_| publish.at.is_some_and(|i| a.lineage_instructions().contains(&i)))
            else {
                return Err(Refusal::new(
                    RefusalClass::BuildChange,
                    "the final stage builds the app, and shipshape cannot tell where `dotnet publish` puts it: publish with `-o /app` and start it from there, then convert again",
                    publish.at.map(|i| a.instruction(i).range).or(range),
                ));
            };
            self.note(format!(
                "The final stage copies what `dotnet publish` made in {output}, not the sources and the SDK",
                output = code(&output)
            ));
            self.extra_artefacts.push(output);
        }
        let mut argv = argv;
        if starts_host {
            argv[0] = runtime.programs.first().copied().unwrap_or("/usr/bin/dotnet").to_string();
        } else if !first.contains('/') {
            let workdir = a.workdir_at(command_at).unwrap_or_else(|| "/".into());
            argv[0] = join(&workdir, &first);
        }
        self.dotnet_ports(kind);
        self.set_launch(argv, a.launch.split());
        Ok(())
    }

    /// What `dotnet publish` and the context's project files say about the build.
    fn dotnet_publish(&self) -> Publish {
        let a = self.a;
        let mut publish = Publish::default();
        for (i, command) in a.commands_in(&a.needed) {
            let Some(invocation) = invocation::read(command) else { continue };
            if invocation.tool != Tool::Dotnet || !matches!(invocation.action(), Some("publish" | "build")) {
                continue;
            }
            // `publish` wins over an earlier `build`.
            if publish.at.is_some() && invocation.action() == Some("build") {
                continue;
            }
            publish.at = Some(i);
            let words: Vec<&str> = invocation.args.iter().map(|w| w.value.as_str()).collect();
            let value_after = |names: &[&str]| {
                words.iter().enumerate().find_map(|(k, w)| {
                    if names.contains(w) {
                        return words.get(k + 1).map(|v| v.to_string());
                    }
                    names.iter().find_map(|n| w.strip_prefix(&format!("{n}=")).map(str::to_string))
                })
            };
            if let Some(out) = value_after(&["-o", "--output"])
                && let Some(out) = a.expand(&out, i)
            {
                publish.output = Some(join(&a.workdir_at(i).unwrap_or_else(|| "/".into()), &out));
            }
            publish.rid = value_after(&["-r", "--runtime"]).or(publish.rid);
            for (k, word) in words.iter().enumerate() {
                match *word {
                    "--self-contained" | "--sc" => {
                        publish.self_contained = !matches!(words.get(k + 1), Some(&"false"));
                    }
                    "--self-contained=true" | "--sc=true" => publish.self_contained = true,
                    "--no-self-contained" => publish.self_contained = false,
                    _ => {}
                }
                if let Some(value) = property(word, "SelfContained") {
                    publish.self_contained = value;
                }
                if let Some(value) = property(word, "PublishAot") {
                    publish.aot = value;
                }
                if let Some(value) = property(word, "InvariantGlobalization") {
                    publish.invariant = value;
                }
            }
        }
        for file in &self.options.context {
            let name = file.path.rsplit('/').next().unwrap_or(&file.path);
            if !(name.ends_with(".csproj") || name.ends_with(".fsproj") || name == "Directory.Build.props") {
                continue;
            }
            let mut used = false;
            let is_true = |v: Option<&str>| v.is_some_and(|v| v.eq_ignore_ascii_case("true"));
            if is_true(project_property(&file.text, "PublishAot")) {
                publish.aot = true;
                used = true;
            }
            if is_true(project_property(&file.text, "SelfContained")) {
                publish.self_contained = true;
                used = true;
            }
            if is_true(project_property(&file.text, "InvariantGlobalization")) {
                publish.invariant = true;
                used = true;
            }
            if publish.rid.is_none()
                && let Some(rid) = project_property(&file.text, "RuntimeIdentifier")
            {
                publish.rid = Some(rid.to_string());
                used = true;
            }
            if let Some(version) = project_property(&file.text, "TargetFramework").and_then(framework_version) {
                publish.framework.get_or_insert(version);
                used = true;
            }
            if used {
                publish.files.push(file.path.clone());
            }
        }
        publish
    }

    /// True when the file tells ASP.NET Core where to listen (`ASPNETCORE_URLS`, …).
    fn aspnet_ports_configured(&self) -> bool {
        let a = self.a;
        let last = a.file.instructions.len();
        ["ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "URLS", "HTTP_PORTS"]
            .iter()
            .any(|name| a.model.variable(last, name).is_some())
    }

    /// ASP.NET Core on Microsoft's .NET 8 and later images listens on 8080
    /// (`ASPNETCORE_HTTP_PORTS`), in the original and in the result; an EXPOSE of another port
    /// was wrong before, and the note says so rather than letting it pass as a change.
    fn dotnet_ports(&mut self, kind: DotnetKind) {
        if kind != DotnetKind::Aspnet {
            return;
        }
        let configured = self.aspnet_ports_configured();
        let other: Vec<String> = self.needs.ports.iter().filter(|p| **p != 8080).map(|p| p.to_string()).collect();
        if !configured {
            self.listening = Some(vec![8080]);
        }
        if !configured && !other.is_empty() {
            self.check(format!(
                "EXPOSE names {}, but ASP.NET Core on Microsoft's .NET 8 and later images listens on 8080 (`ASPNETCORE_HTTP_PORTS=8080`), in the original as in the result: publish port 8080, or set `ASPNETCORE_HTTP_PORTS` to the port you expose",
                list(&other)
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::distroless::plan::test_support::{converted, refused};

    #[test]
    fn reads_dotnet_images_and_properties() {
        let image = |s| dotnet_image(&ImageRef::parse(s));
        assert_eq!(
            image("mcr.microsoft.com/dotnet/core/aspnet:3.1-alpine"),
            Some(DotnetImage { kind: Some(DotnetKind::Aspnet), version: Some("3.1".into()), alpine: true })
        );
        assert_eq!(image("mcr.microsoft.com/dotnet/sdk:10.0.100-noble").and_then(|i| i.version), Some("10.0".into()));
        assert_eq!(image("mcr.microsoft.com/dotnet/sdk:8.0").map(|i| i.kind), Some(None));
        assert_eq!(image("mcr.microsoft.com/dotnet/monitor:8"), None);
        assert_eq!(property("-p:PublishAot=true", "PublishAot"), Some(true));
        assert_eq!(property("/p:SelfContained=False", "SelfContained"), Some(false));
        assert_eq!(property("-p:Foo=1;InvariantGlobalization=true", "InvariantGlobalization"), Some(true));
        assert_eq!(framework_version("netcoreapp3.1"), Some("3.1".into()));
        assert_eq!(framework_version("net10.0-windows"), Some("10.0".into()));
        assert_eq!(version_name("3.1"), ".NET Core 3.1");
        assert_eq!(version_name("8.0"), ".NET 8");
    }

    #[test]
    fn a_framework_dependent_app_keeps_its_image_kind() {
        let c = converted(
            "FROM mcr.microsoft.com/dotnet/sdk:9.0 AS build\nWORKDIR /src\nCOPY . .\nRUN dotnet publish -c Release -o /app\nFROM mcr.microsoft.com/dotnet/runtime:9.0\nWORKDIR /app\nCOPY --from=build /app .\nENTRYPOINT [\"dotnet\", \"Worker.dll\"]\n",
        );
        assert!(
            c.dockerfile.contains("FROM mcr.microsoft.com/dotnet/runtime:9.0-noble-chiseled-extra\n"),
            "{}",
            c.dockerfile
        );
        assert!(
            c.dockerfile.contains("USER 1654:1654\nENTRYPOINT [\"/usr/bin/dotnet\", \"Worker.dll\"]"),
            "{}",
            c.dockerfile
        );
    }

    #[test]
    fn a_self_contained_app_runs_on_runtime_deps() {
        let c = converted(
            "FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build\nWORKDIR /src\nCOPY . .\nRUN dotnet publish -c Release -r linux-x64 --self-contained -p:InvariantGlobalization=true -o /app\nFROM mcr.microsoft.com/dotnet/aspnet:10.0\nWORKDIR /app\nCOPY --from=build /app .\nENTRYPOINT [\"./Api\"]\n",
        );
        assert!(
            c.dockerfile.contains("FROM mcr.microsoft.com/dotnet/runtime-deps:10.0-noble-chiseled\n"),
            "{}",
            c.dockerfile
        );
        assert!(c.dockerfile.contains("ENTRYPOINT [\"./Api\"]"), "{}", c.dockerfile);
    }

    #[test]
    fn chainguard_has_no_image_for_a_self_contained_app() {
        use crate::distroless::{Conversion, Options, RuntimeFamily, convert};
        let source = "FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build\nWORKDIR /src\nCOPY . .\nRUN dotnet publish -c Release -r linux-x64 -p:PublishAot=true -o /app\nFROM mcr.microsoft.com/dotnet/runtime-deps:10.0\nCOPY --from=build /app/api /api\nENTRYPOINT [\"/api\"]\n";
        let Conversion::Refused(r) =
            convert(source, &Options { runtime: RuntimeFamily::Chainguard, ..Options::default() })
        else {
            panic!("converted")
        };
        assert!(r.reason.contains("--runtime distroless"), "{}", r.reason);
        assert!(converted(source).dockerfile.contains("runtime-deps:10.0-noble-chiseled-extra"));
    }

    #[test]
    fn old_frameworks_are_refused_with_the_retarget() {
        let reason = refused(
            "FROM mcr.microsoft.com/dotnet/core/sdk:3.1 AS build\nWORKDIR /src\nCOPY . .\nRUN dotnet publish -c release -o /app\nFROM mcr.microsoft.com/dotnet/core/aspnet:3.1\nWORKDIR /app\nCOPY --from=build /app .\nENTRYPOINT [\"dotnet\", \"app.dll\"]\n",
        );
        assert!(reason.contains(".NET Core 3.1") && reason.contains("<TargetFramework>net10.0"), "{reason}");
        assert!(
            refused("FROM mcr.microsoft.com/dotnet/sdk:9.0\nWORKDIR /src\nCOPY . .\nCMD [\"dotnet\", \"run\"]\n")
                .contains("SDK at run time")
        );
    }
}
