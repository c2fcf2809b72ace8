//! The one table of base-image facts the converter relies on: runtimes and their versions,
//! libc, Debian release, entrypoint, user, shell, package manager, and estimated size with its
//! source and date.
//!
//! Everything here comes from `shared/reference/distroless.md` (the distroless repository read at
//! `cd080764`, 2026-08-21, docker-library repo-info, Chainguard's documentation). When the
//! images change, this table is the only place to update. Rows whose name or facts come from
//! secondary sources have `verified: false`, and the converter tells the user to check them.

use crate::semantic::ImageRef;

/// The C library an image's programs link against.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Libc {
    Glibc,
    Musl,
    /// No C library at all (`static`, `scratch`): only statically linked programs run.
    None,
}

impl Libc {
    pub const fn as_str(self) -> &'static str {
        match self {
            Libc::Glibc => "glibc",
            Libc::Musl => "musl",
            Libc::None => "none",
        }
    }
}

/// Where a row comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Family {
    /// `gcr.io/distroless/*`.
    Distroless,
    /// `cgr.dev/chainguard/*`.
    Chainguard,
    /// `mcr.microsoft.com/*`: the chiseled Ubuntu images of .NET and the distroless images of
    /// the Microsoft Build of OpenJDK, for the runtimes Google does not publish. Their rows
    /// describe one tag each.
    Microsoft,
    /// Distroless images a runtime's own maintainers publish (Oven's `oven/bun:distroless`):
    /// what `--runtime distroless` uses for a runtime Google does not ship. A row matches
    /// only the tags that end in its `tag` (`oven/bun:1.2-distroless`), since the same
    /// repository also holds the images with a shell.
    Upstream,
    /// Images people start from (for the "before" column of the comparison).
    Common,
}

/// An estimated image size: compressed transfer size for linux/amd64.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Size {
    /// In megabytes (10^6 bytes).
    pub megabytes: f64,
    /// A rough or secondary figure, or one measured on a related image.
    pub approximate: bool,
    /// Where the figure comes from, including the image it was measured on when that differs.
    pub source: &'static str,
    pub date: &'static str,
}

/// The runtime an image ships: language and version.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Runtime {
    pub language: &'static str,
    /// `3.13`, `22`, `21`; `latest` where the image only has a moving tag.
    pub version: &'static str,
}

/// What is known about one image.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ImageFacts {
    /// Registry and repository: `gcr.io/distroless/python3-debian13`, or `python` for Docker Hub.
    pub repository: &'static str,
    /// For runtime images, the tag the converter writes (`nonroot`, `latest`). For common
    /// images, the tag prefix the row describes (`3.12-alpine`; empty for any tag).
    pub tag: &'static str,
    pub family: Family,
    pub runtime: Option<Runtime>,
    /// The operating system, for people: `Debian 13 (trixie)`.
    pub os: &'static str,
    pub libc: Libc,
    /// The Debian release the image is built from, if any.
    pub debian: Option<u8>,
    /// The image's ENTRYPOINT; empty when CMD must name the program.
    pub entrypoint: &'static [&'static str],
    /// The programs the image has, by absolute path (its interpreter or server).
    pub programs: &'static [&'static str],
    /// The shared libraries it has besides the C library, by soname.
    pub libraries: &'static [&'static str],
    /// The port its own server listens on, for images that run one (nginx).
    pub port: Option<u16>,
    /// Who the app runs as on this image, as the converter writes it (`nonroot (uid 65532)`,
    /// `app (uid 1654)`); the uid in it is what the converter writes in USER and `--chown`.
    pub user: &'static str,
    pub shell: bool,
    /// `apk`, `apt`, or `None` when there is no package manager.
    pub package_manager: Option<&'static str>,
    pub size: Option<Size>,
    /// A build image with the same libc and runtime version, for the build stage.
    pub builder: Option<&'static str>,
    /// False when the name or facts are unverified (secondary sources).
    pub verified: bool,
}

impl ImageFacts {
    /// The reference the converter writes in FROM: `gcr.io/distroless/python3-debian13:nonroot`.
    pub fn reference(&self) -> String {
        format!("{}:{}", self.repository, self.tag)
    }

    /// The uid of the user the app runs as, read from [`ImageFacts::user`]; `None` for root.
    pub fn uid(&self) -> Option<u32> {
        let (_, rest) = self.user.split_once("(uid ")?;
        rest.split(')').next()?.trim().parse().ok()
    }

    /// The user and group the converter writes in USER and `--chown`: `65532:65532`. The
    /// images' non-root users have a group of the same id.
    pub fn user_id(&self) -> String {
        let uid = self.uid().unwrap_or(65532);
        format!("{uid}:{uid}")
    }
}

const DISTROLESS_README: &str = "distroless README";

/// What `base` has besides glibc (on Debian 13 also zlib and libzstd).
const BASE_LIBS: &[&str] = &["libssl.so.3", "libcrypto.so.3", "libz.so.1", "libzstd.so.1"];
/// `cc`: `base` and the GCC run-time libraries.
const CC_LIBS: &[&str] =
    &["libssl.so.3", "libcrypto.so.3", "libz.so.1", "libzstd.so.1", "libgcc_s.so.1", "libstdc++.so.6", "libgomp.so.1"];
/// The Python image: `cc` and what the standard library loads.
const PYTHON_LIBS: &[&str] = &[
    "libssl.so.3",
    "libcrypto.so.3",
    "libz.so.1",
    "libzstd.so.1",
    "libgcc_s.so.1",
    "libstdc++.so.6",
    "libgomp.so.1",
    "libffi.so.8",
    "libsqlite3.so.0",
    "libexpat.so.1",
    "libbz2.so.1.0",
    "liblzma.so.5",
];
/// The Java images are built on `base-nossl`: no libssl.
const JAVA_LIBS: &[&str] = &["libz.so.1"];
/// Chainguard's Python: what its standard library loads.
const WOLFI_PYTHON_LIBS: &[&str] = &[
    "libgcc_s.so.1",
    "libstdc++.so.6",
    "libssl.so.3",
    "libcrypto.so.3",
    "libz.so.1",
    "libffi.so.8",
    "libsqlite3.so.0",
    "libexpat.so.1",
    "libbz2.so.1.0",
    "liblzma.so.5",
];
/// Chainguard's glibc images: what every one of them has (from Wolfi's glibc and libgcc).
const WOLFI_GLIBC_LIBS: &[&str] = &["libgcc_s.so.1", "libstdc++.so.6"];
/// Chainguard's Ruby: what its standard library loads (openssl, zlib, yaml, ffi).
const WOLFI_RUBY_LIBS: &[&str] =
    &["libgcc_s.so.1", "libstdc++.so.6", "libssl.so.3", "libcrypto.so.3", "libz.so.1", "libyaml-0.so.2", "libffi.so.8"];

/// The PHP extensions Chainguard's `php` images have (`images/php/config` of
/// chainguard-images/images), besides those compiled into PHP itself.
pub const PHP_EXTENSIONS: &[&str] =
    &["curl", "openssl", "iconv", "mbstring", "mysqlnd", "pdo", "pdo_sqlite", "pdo_mysql", "sodium", "phar"];
const NONROOT: &str = "nonroot (uid 65532)";

/// The .NET images' non-root user (`APP_UID`).
const DOTNET_APP: &str = "app (uid 1654)";
/// What the chiseled .NET images have besides glibc (runtime-deps is `ca-certificates`,
/// `libc6`, `libgcc-s1`, `libssl3t64` and `libstdc++6`, chiseled).
const CHISELED_LIBS: &[&str] = &["libssl.so.3", "libcrypto.so.3", "libgcc_s.so.1", "libstdc++.so.6"];
/// `-chiseled-extra`: also ICU (culture data) and zlib, besides time zone data.
const CHISELED_EXTRA_LIBS: &[&str] = &[
    "libssl.so.3",
    "libcrypto.so.3",
    "libgcc_s.so.1",
    "libstdc++.so.6",
    "libicuuc.so.74",
    "libicui18n.so.74",
    "libicudata.so.74",
    "libz.so.1",
];
/// The `dotnet` host of the runtime and aspnet images (`/usr/bin/dotnet` links to it).
const DOTNET_PROGRAMS: &[&str] = &["/usr/bin/dotnet", "/usr/share/dotnet/dotnet"];

/// A chiseled .NET image: Ubuntu 24.04 sliced down to what .NET needs, no shell, no package
/// manager, running as `app` (uid 1654). The runtime and aspnet images start `dotnet` (their CMD
/// is `--info`); runtime-deps has no entrypoint, for self-contained apps. All of them set
/// `ASPNETCORE_HTTP_PORTS=8080`; the plain variant also sets
/// `DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=true` (it has no ICU) and has no time zone data.
/// From the dotnet/dotnet-docker Dockerfiles (`src/*/<version>/noble-chiseled*/`).
const fn chiseled(
    kind: DotnetKind,
    tag: &'static str,
    version: &'static str,
    extra: bool,
    builder: &'static str,
) -> ImageFacts {
    let (repository, entrypoint, programs): (&'static str, &'static [&'static str], &'static [&'static str]) =
        match kind {
            DotnetKind::Aspnet => ("mcr.microsoft.com/dotnet/aspnet", &["/usr/bin/dotnet"], DOTNET_PROGRAMS),
            DotnetKind::Runtime => ("mcr.microsoft.com/dotnet/runtime", &["/usr/bin/dotnet"], DOTNET_PROGRAMS),
            DotnetKind::RuntimeDeps => ("mcr.microsoft.com/dotnet/runtime-deps", &[], &[]),
        };
    ImageFacts {
        repository,
        tag,
        family: Family::Microsoft,
        runtime: match kind {
            DotnetKind::RuntimeDeps => None,
            _ => Some(Runtime { language: "dotnet", version }),
        },
        os: if extra {
            "Ubuntu 24.04 (noble), chiseled, with ICU and time zone data"
        } else {
            "Ubuntu 24.04 (noble), chiseled"
        },
        libc: Libc::Glibc,
        debian: None,
        entrypoint,
        programs,
        libraries: if extra { CHISELED_EXTRA_LIBS } else { CHISELED_LIBS },
        port: None,
        user: DOTNET_APP,
        shell: false,
        package_manager: None,
        size: None,
        builder: Some(builder),
        verified: true,
    }
}

/// The Microsoft Build of OpenJDK on Azure Linux 3.0's distroless base: a JDK in /usr/jdk,
/// `java` as the entrypoint, glibc, OpenSSL, zlib and time zone data, no shell. Its user `app`
/// (uid 101) exists, but the image runs as root unless USER says otherwise. From
/// microsoft/openjdk-docker (`docker/distroless/`).
const fn microsoft_jdk(tag: &'static str, version: &'static str, verified: bool) -> ImageFacts {
    ImageFacts {
        repository: "mcr.microsoft.com/openjdk/jdk",
        tag,
        family: Family::Microsoft,
        runtime: Some(Runtime { language: "java", version }),
        os: "Azure Linux 3.0 (distroless)",
        libc: Libc::Glibc,
        debian: None,
        entrypoint: &["/usr/jdk/bin/java"],
        programs: &["/usr/jdk/bin/java"],
        libraries: &["libssl.so.3", "libcrypto.so.3", "libz.so.1"],
        port: None,
        user: "app (uid 101)",
        shell: false,
        package_manager: None,
        size: None,
        builder: None,
        verified,
    }
}

/// The distroless images (Debian 13 unless the name says otherwise), the closest Chainguard
/// images, and the common starting images whose sizes are known.
pub static IMAGES: &[ImageFacts] = &[
    ImageFacts {
        repository: "gcr.io/distroless/static-debian13",
        tag: "nonroot",
        family: Family::Distroless,
        runtime: None,
        os: "Debian 13 (trixie), no libc",
        libc: Libc::None,
        debian: Some(13),
        entrypoint: &[],
        programs: &[],
        libraries: &[],
        port: None,
        user: NONROOT,
        shell: false,
        package_manager: None,
        size: Some(Size { megabytes: 2.1, approximate: true, source: DISTROLESS_README, date: "2026-08" }),
        builder: None,
        verified: true,
    },
    ImageFacts {
        repository: "gcr.io/distroless/base-debian13",
        tag: "nonroot",
        family: Family::Distroless,
        runtime: None,
        os: "Debian 13 (trixie)",
        libc: Libc::Glibc,
        debian: Some(13),
        entrypoint: &[],
        programs: &[],
        libraries: BASE_LIBS,
        port: None,
        user: NONROOT,
        shell: false,
        package_manager: None,
        size: Some(Size {
            megabytes: 20.0,
            approximate: true,
            source: "secondary comparison tables, measured on base-debian12",
            date: "mid-2025",
        }),
        builder: None,
        verified: true,
    },
    ImageFacts {
        repository: "gcr.io/distroless/cc-debian13",
        tag: "nonroot",
        family: Family::Distroless,
        runtime: None,
        os: "Debian 13 (trixie)",
        libc: Libc::Glibc,
        debian: Some(13),
        entrypoint: &[],
        programs: &[],
        libraries: CC_LIBS,
        port: None,
        user: NONROOT,
        shell: false,
        package_manager: None,
        size: None,
        builder: None,
        verified: true,
    },
    ImageFacts {
        repository: "gcr.io/distroless/cc-debian12",
        tag: "nonroot",
        family: Family::Distroless,
        runtime: None,
        os: "Debian 12 (bookworm), end of life September 2026",
        libc: Libc::Glibc,
        debian: Some(12),
        entrypoint: &[],
        programs: &[],
        libraries: CC_LIBS,
        port: None,
        user: NONROOT,
        shell: false,
        package_manager: None,
        size: None,
        builder: None,
        verified: true,
    },
    ImageFacts {
        repository: "gcr.io/distroless/python3-debian13",
        tag: "nonroot",
        family: Family::Distroless,
        runtime: Some(Runtime { language: "python", version: "3.13" }),
        os: "Debian 13 (trixie)",
        libc: Libc::Glibc,
        debian: Some(13),
        entrypoint: &["/usr/bin/python3.13"],
        programs: &["/usr/bin/python3.13", "/usr/bin/python3", "/usr/bin/python"],
        libraries: PYTHON_LIBS,
        port: None,
        user: NONROOT,
        shell: false,
        package_manager: None,
        size: Some(Size {
            megabytes: 50.0,
            approximate: true,
            source: "secondary comparison tables, measured on python3-debian12 (Python 3.11)",
            date: "mid-2025",
        }),
        builder: Some("python:3.13-slim-trixie"),
        verified: true,
    },
    ImageFacts {
        repository: "gcr.io/distroless/nodejs22-debian13",
        tag: "nonroot",
        family: Family::Distroless,
        runtime: Some(Runtime { language: "node", version: "22" }),
        os: "Debian 13 (trixie)",
        libc: Libc::Glibc,
        debian: Some(13),
        entrypoint: &["/nodejs/bin/node"],
        programs: &["/nodejs/bin/node"],
        libraries: CC_LIBS,
        port: None,
        user: NONROOT,
        shell: false,
        package_manager: None,
        size: Some(Size {
            megabytes: 55.0,
            approximate: true,
            source: "secondary comparison tables, measured on nodejs20-debian12",
            date: "mid-2025",
        }),
        builder: Some("node:22-trixie-slim"),
        verified: true,
    },
    ImageFacts {
        repository: "gcr.io/distroless/nodejs24-debian13",
        tag: "nonroot",
        family: Family::Distroless,
        runtime: Some(Runtime { language: "node", version: "24" }),
        os: "Debian 13 (trixie)",
        libc: Libc::Glibc,
        debian: Some(13),
        entrypoint: &["/nodejs/bin/node"],
        programs: &["/nodejs/bin/node"],
        libraries: CC_LIBS,
        port: None,
        user: NONROOT,
        shell: false,
        package_manager: None,
        size: Some(Size {
            megabytes: 55.0,
            approximate: true,
            source: "secondary comparison tables, measured on nodejs20-debian12",
            date: "mid-2025",
        }),
        builder: Some("node:24.15.0-trixie-slim"),
        verified: true,
    },
    ImageFacts {
        repository: "gcr.io/distroless/nodejs26-debian13",
        tag: "nonroot",
        family: Family::Distroless,
        runtime: Some(Runtime { language: "node", version: "26" }),
        os: "Debian 13 (trixie)",
        libc: Libc::Glibc,
        debian: Some(13),
        entrypoint: &["/nodejs/bin/node"],
        programs: &["/nodejs/bin/node"],
        libraries: CC_LIBS,
        port: None,
        user: NONROOT,
        shell: false,
        package_manager: None,
        size: Some(Size {
            megabytes: 55.0,
            approximate: true,
            source: "secondary comparison tables, measured on nodejs20-debian12",
            date: "mid-2025",
        }),
        builder: Some("node:26-trixie-slim"),
        verified: true,
    },
    ImageFacts {
        repository: "gcr.io/distroless/java17-debian13",
        tag: "nonroot",
        family: Family::Distroless,
        runtime: Some(Runtime { language: "java", version: "17" }),
        os: "Debian 13 (trixie)",
        libc: Libc::Glibc,
        debian: Some(13),
        entrypoint: &["/usr/bin/java", "-jar"],
        programs: &["/usr/bin/java"],
        libraries: JAVA_LIBS,
        port: None,
        user: NONROOT,
        shell: false,
        package_manager: None,
        size: Some(Size {
            megabytes: 220.0,
            approximate: true,
            source: "secondary comparison tables, measured on java21-debian12",
            date: "mid-2025",
        }),
        builder: None,
        verified: true,
    },
    ImageFacts {
        repository: "gcr.io/distroless/java21-debian13",
        tag: "nonroot",
        family: Family::Distroless,
        runtime: Some(Runtime { language: "java", version: "21" }),
        os: "Debian 13 (trixie)",
        libc: Libc::Glibc,
        debian: Some(13),
        entrypoint: &["/usr/bin/java", "-jar"],
        programs: &["/usr/bin/java"],
        libraries: JAVA_LIBS,
        port: None,
        user: NONROOT,
        shell: false,
        package_manager: None,
        size: Some(Size {
            megabytes: 220.0,
            approximate: true,
            source: "secondary comparison tables, measured on java21-debian12",
            date: "mid-2025",
        }),
        builder: None,
        verified: true,
    },
    ImageFacts {
        repository: "gcr.io/distroless/java25-debian13",
        tag: "nonroot",
        family: Family::Distroless,
        runtime: Some(Runtime { language: "java", version: "25" }),
        os: "Debian 13 (trixie)",
        libc: Libc::Glibc,
        debian: Some(13),
        entrypoint: &["/usr/bin/java", "-jar"],
        programs: &["/usr/bin/java"],
        libraries: JAVA_LIBS,
        port: None,
        user: NONROOT,
        shell: false,
        package_manager: None,
        size: Some(Size {
            megabytes: 220.0,
            approximate: true,
            source: "secondary comparison tables, measured on java21-debian12",
            date: "mid-2025",
        }),
        builder: None,
        verified: true,
    },
    // Chainguard: the free tier has only `latest` and `latest-dev`; both run as nonroot (65532).
    ImageFacts {
        repository: "cgr.dev/chainguard/static",
        tag: "latest",
        family: Family::Chainguard,
        runtime: None,
        os: "Wolfi, no libc",
        libc: Libc::None,
        debian: None,
        entrypoint: &[],
        programs: &[],
        libraries: &[],
        port: None,
        user: NONROOT,
        shell: false,
        package_manager: None,
        size: None,
        builder: None,
        verified: true,
    },
    // From chainguard-images/images (`images/glibc-dynamic`): glibc, libgcc, libstdc++ and CA
    // certificates on Wolfi's base layout.
    ImageFacts {
        repository: "cgr.dev/chainguard/glibc-dynamic",
        tag: "latest",
        family: Family::Chainguard,
        runtime: None,
        os: "Wolfi",
        libc: Libc::Glibc,
        debian: None,
        entrypoint: &[],
        programs: &[],
        libraries: WOLFI_GLIBC_LIBS,
        port: None,
        user: NONROOT,
        shell: false,
        package_manager: None,
        size: None,
        builder: None,
        verified: true,
    },
    ImageFacts {
        repository: "cgr.dev/chainguard/python",
        tag: "latest",
        family: Family::Chainguard,
        runtime: Some(Runtime { language: "python", version: "latest" }),
        os: "Wolfi",
        libc: Libc::Glibc,
        debian: None,
        entrypoint: &["/usr/bin/python"],
        programs: &["/usr/bin/python", "/usr/bin/python3"],
        libraries: WOLFI_PYTHON_LIBS,
        port: None,
        user: NONROOT,
        shell: false,
        package_manager: None,
        size: None,
        builder: Some("cgr.dev/chainguard/python:latest-dev"),
        verified: true,
    },
    // From chainguard-images/images (`images/node/config/template.apko.yaml`): `node` as the
    // entrypoint, the user `node` (uid 65532), `/app` as the working directory.
    ImageFacts {
        repository: "cgr.dev/chainguard/node",
        tag: "latest",
        family: Family::Chainguard,
        runtime: Some(Runtime { language: "node", version: "latest" }),
        os: "Wolfi",
        libc: Libc::Glibc,
        debian: None,
        entrypoint: &["/usr/bin/node"],
        programs: &["/usr/bin/node"],
        libraries: WOLFI_GLIBC_LIBS,
        port: None,
        user: "node (uid 65532)",
        shell: false,
        package_manager: None,
        size: None,
        builder: Some("cgr.dev/chainguard/node:latest-dev"),
        verified: true,
    },
    // From chainguard-images/images (`images/jre/config/template.apko.yaml`): `java` as the
    // entrypoint, the user `java` (uid 65532), `/app` as the working directory.
    ImageFacts {
        repository: "cgr.dev/chainguard/jre",
        tag: "latest",
        family: Family::Chainguard,
        runtime: Some(Runtime { language: "java", version: "latest" }),
        os: "Wolfi",
        libc: Libc::Glibc,
        debian: None,
        entrypoint: &["/usr/bin/java"],
        programs: &["/usr/bin/java"],
        libraries: WOLFI_GLIBC_LIBS,
        port: None,
        user: "java (uid 65532)",
        shell: false,
        package_manager: None,
        size: None,
        builder: None,
        verified: true,
    },
    ImageFacts {
        repository: "cgr.dev/chainguard/nginx",
        tag: "latest",
        family: Family::Chainguard,
        runtime: Some(Runtime { language: "nginx", version: "latest" }),
        os: "Wolfi",
        libc: Libc::Glibc,
        debian: None,
        entrypoint: &["/usr/sbin/nginx"],
        programs: &["/usr/sbin/nginx"],
        libraries: WOLFI_GLIBC_LIBS,
        port: Some(8080),
        user: NONROOT,
        shell: false,
        package_manager: None,
        size: None,
        builder: None,
        verified: true,
    },
    // Microsoft's images, for the runtimes Google does not publish: .NET (chiseled Ubuntu) and
    // the Java versions before 17 (the Microsoft Build of OpenJDK, and Temurin 8).
    chiseled(DotnetKind::Aspnet, "8.0-noble-chiseled", "8.0", false, "mcr.microsoft.com/dotnet/sdk:8.0-noble"),
    chiseled(DotnetKind::Aspnet, "8.0-noble-chiseled-extra", "8.0", true, "mcr.microsoft.com/dotnet/sdk:8.0-noble"),
    chiseled(DotnetKind::Runtime, "8.0-noble-chiseled", "8.0", false, "mcr.microsoft.com/dotnet/sdk:8.0-noble"),
    chiseled(DotnetKind::Runtime, "8.0-noble-chiseled-extra", "8.0", true, "mcr.microsoft.com/dotnet/sdk:8.0-noble"),
    chiseled(DotnetKind::RuntimeDeps, "8.0-noble-chiseled", "8.0", false, "mcr.microsoft.com/dotnet/sdk:8.0-noble"),
    chiseled(
        DotnetKind::RuntimeDeps,
        "8.0-noble-chiseled-extra",
        "8.0",
        true,
        "mcr.microsoft.com/dotnet/sdk:8.0-noble",
    ),
    chiseled(DotnetKind::Aspnet, "9.0-noble-chiseled", "9.0", false, "mcr.microsoft.com/dotnet/sdk:9.0-noble"),
    chiseled(DotnetKind::Aspnet, "9.0-noble-chiseled-extra", "9.0", true, "mcr.microsoft.com/dotnet/sdk:9.0-noble"),
    chiseled(DotnetKind::Runtime, "9.0-noble-chiseled", "9.0", false, "mcr.microsoft.com/dotnet/sdk:9.0-noble"),
    chiseled(DotnetKind::Runtime, "9.0-noble-chiseled-extra", "9.0", true, "mcr.microsoft.com/dotnet/sdk:9.0-noble"),
    chiseled(DotnetKind::RuntimeDeps, "9.0-noble-chiseled", "9.0", false, "mcr.microsoft.com/dotnet/sdk:9.0-noble"),
    chiseled(
        DotnetKind::RuntimeDeps,
        "9.0-noble-chiseled-extra",
        "9.0",
        true,
        "mcr.microsoft.com/dotnet/sdk:9.0-noble",
    ),
    chiseled(DotnetKind::Aspnet, "10.0-noble-chiseled", "10.0", false, "mcr.microsoft.com/dotnet/sdk:10.0-noble"),
    chiseled(DotnetKind::Aspnet, "10.0-noble-chiseled-extra", "10.0", true, "mcr.microsoft.com/dotnet/sdk:10.0-noble"),
    chiseled(DotnetKind::Runtime, "10.0-noble-chiseled", "10.0", false, "mcr.microsoft.com/dotnet/sdk:10.0-noble"),
    chiseled(DotnetKind::Runtime, "10.0-noble-chiseled-extra", "10.0", true, "mcr.microsoft.com/dotnet/sdk:10.0-noble"),
    chiseled(DotnetKind::RuntimeDeps, "10.0-noble-chiseled", "10.0", false, "mcr.microsoft.com/dotnet/sdk:10.0-noble"),
    chiseled(
        DotnetKind::RuntimeDeps,
        "10.0-noble-chiseled-extra",
        "10.0",
        true,
        "mcr.microsoft.com/dotnet/sdk:10.0-noble",
    ),
    microsoft_jdk("11-distroless", "11", true),
    // Built from Eclipse Temurin 8 in the same repository; not confirmed on the registry.
    microsoft_jdk("8-distroless", "8", false),
    // Chainguard's .NET images follow the newest .NET.
    ImageFacts {
        repository: "cgr.dev/chainguard/aspnet-runtime",
        tag: "latest",
        family: Family::Chainguard,
        runtime: Some(Runtime { language: "dotnet", version: "latest" }),
        os: "Wolfi",
        libc: Libc::Glibc,
        debian: None,
        entrypoint: &["/usr/bin/dotnet"],
        programs: &["/usr/bin/dotnet"],
        libraries: WOLFI_GLIBC_LIBS,
        port: None,
        user: NONROOT,
        shell: false,
        package_manager: None,
        size: None,
        // The app builds on Microsoft's SDK as before: .NET assemblies run on any Linux.
        builder: None,
        verified: true,
    },
    ImageFacts {
        repository: "cgr.dev/chainguard/dotnet-runtime",
        tag: "latest",
        family: Family::Chainguard,
        runtime: Some(Runtime { language: "dotnet", version: "latest" }),
        os: "Wolfi",
        libc: Libc::Glibc,
        debian: None,
        entrypoint: &["/usr/bin/dotnet"],
        programs: &["/usr/bin/dotnet"],
        libraries: WOLFI_GLIBC_LIBS,
        port: None,
        user: NONROOT,
        shell: false,
        package_manager: None,
        size: None,
        // The app builds on Microsoft's SDK as before: .NET assemblies run on any Linux.
        builder: None,
        verified: true,
    },
    // From `images/ruby/config` of chainguard-images/images: Ruby with RubyGems, no bundler
    // (that is in `latest-dev`), working directory /work.
    ImageFacts {
        repository: "cgr.dev/chainguard/ruby",
        tag: "latest",
        family: Family::Chainguard,
        runtime: Some(Runtime { language: "ruby", version: "latest" }),
        os: "Wolfi",
        libc: Libc::Glibc,
        debian: None,
        entrypoint: &["/usr/bin/ruby"],
        programs: &["/usr/bin/ruby", "/usr/bin/gem"],
        libraries: WOLFI_RUBY_LIBS,
        port: None,
        user: NONROOT,
        shell: false,
        package_manager: None,
        size: None,
        builder: Some("cgr.dev/chainguard/ruby:latest-dev"),
        verified: true,
    },
    // From `images/php/config` of chainguard-images/images: the PHP CLI with the extensions
    // `PHP_EXTENSIONS` lists, working directory /app.
    ImageFacts {
        repository: "cgr.dev/chainguard/php",
        tag: "latest",
        family: Family::Chainguard,
        runtime: Some(Runtime { language: "php", version: "latest" }),
        os: "Wolfi",
        libc: Libc::Glibc,
        debian: None,
        entrypoint: &["/bin/php"],
        programs: &["/bin/php", "/usr/bin/php"],
        libraries: WOLFI_GLIBC_LIBS,
        port: None,
        user: NONROOT,
        shell: false,
        package_manager: None,
        size: None,
        builder: Some("cgr.dev/chainguard/php:latest-dev"),
        verified: true,
    },
    // The same with PHP-FPM, listening on 9000, started by apko's `service-bundle` entrypoint
    // (an s6 supervisor; its exact command is not verified).
    ImageFacts {
        repository: "cgr.dev/chainguard/php",
        tag: "latest-fpm",
        family: Family::Chainguard,
        runtime: Some(Runtime { language: "php", version: "latest" }),
        os: "Wolfi",
        libc: Libc::Glibc,
        debian: None,
        entrypoint: &["/usr/bin/s6-svscan", "/sv"],
        programs: &["/usr/sbin/php-fpm", "/bin/php", "/usr/bin/php", "/usr/bin/s6-svscan"],
        libraries: WOLFI_GLIBC_LIBS,
        port: Some(9000),
        user: NONROOT,
        shell: false,
        package_manager: None,
        size: None,
        builder: Some("cgr.dev/chainguard/php:latest-fpm-dev"),
        verified: false,
    },
    // From `images/bun/config` of chainguard-images/images: bun, working directory /src.
    ImageFacts {
        repository: "cgr.dev/chainguard/bun",
        tag: "latest",
        family: Family::Chainguard,
        runtime: Some(Runtime { language: "bun", version: "latest" }),
        os: "Wolfi",
        libc: Libc::Glibc,
        debian: None,
        entrypoint: &["/usr/bin/bun"],
        programs: &["/usr/bin/bun"],
        libraries: WOLFI_GLIBC_LIBS,
        port: None,
        user: NONROOT,
        shell: false,
        package_manager: None,
        size: None,
        builder: Some("cgr.dev/chainguard/bun:latest-dev"),
        verified: false,
    },
    // Oven's own (`dockerhub/distroless/Dockerfile` of oven-sh/bun): bun on
    // `gcr.io/distroless/base-nossl-debian13`, with no USER, so it runs as root unless the
    // Dockerfile says otherwise (the converter does). The tag follows bun's version:
    // `distroless`, `1-distroless`, `1.2-distroless`.
    ImageFacts {
        repository: "oven/bun",
        tag: "distroless",
        family: Family::Upstream,
        runtime: Some(Runtime { language: "bun", version: "latest" }),
        os: "Debian 13 (trixie)",
        libc: Libc::Glibc,
        debian: Some(13),
        entrypoint: &["/usr/local/bin/bun"],
        programs: &["/usr/local/bin/bun"],
        libraries: &[],
        port: None,
        user: "root, unless the Dockerfile sets USER",
        shell: false,
        package_manager: None,
        size: None,
        builder: Some("oven/bun:1-slim"),
        verified: true,
    },
    // Common starting points, for the "before" column.
    ImageFacts {
        repository: "python",
        tag: "3.12-alpine",
        family: Family::Common,
        runtime: Some(Runtime { language: "python", version: "3.12" }),
        os: "Alpine Linux",
        libc: Libc::Musl,
        debian: None,
        entrypoint: &[],
        programs: &[],
        libraries: &[],
        port: None,
        user: "root",
        shell: true,
        package_manager: Some("apk"),
        size: Some(Size {
            megabytes: 18.0,
            approximate: false,
            source: "docker-library repo-info, python:3.12-alpine (3.12.14, Alpine 3.24)",
            date: "2026-09-17",
        }),
        builder: None,
        verified: true,
    },
    ImageFacts {
        repository: "python",
        tag: "3.12-slim",
        family: Family::Common,
        runtime: Some(Runtime { language: "python", version: "3.12" }),
        os: "Debian 13 (trixie)",
        libc: Libc::Glibc,
        debian: Some(13),
        entrypoint: &[],
        programs: &[],
        libraries: &[],
        port: None,
        user: "root",
        shell: true,
        package_manager: Some("apt"),
        size: Some(Size {
            megabytes: 43.2,
            approximate: false,
            source: "docker-library repo-info, python:3.12-slim (3.12.13, trixie)",
            date: "2026-08-05",
        }),
        builder: None,
        verified: true,
    },
    ImageFacts {
        repository: "alpine",
        tag: "",
        family: Family::Common,
        runtime: None,
        os: "Alpine Linux",
        libc: Libc::Musl,
        debian: None,
        entrypoint: &[],
        programs: &[],
        libraries: &[],
        port: None,
        user: "root",
        shell: true,
        package_manager: Some("apk"),
        size: Some(Size { megabytes: 5.2, approximate: true, source: DISTROLESS_README, date: "2026-08" }),
        builder: None,
        verified: true,
    },
];

/// What an official image does when a Dockerfile built on it sets no command and no working
/// directory: the command it runs (its ENTRYPOINT only hands the command on; empty when it runs
/// no app of its own, only an interpreter's prompt) and where.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BaseDefaults {
    /// The Docker Hub repository.
    pub image: &'static str,
    /// The variant's marker in the tag (`fpm`); empty for every tag.
    pub tag_marker: &'static str,
    pub command: &'static [&'static str],
    pub workdir: &'static str,
}

/// From the images' Dockerfiles (docker-library/php): `docker-php-entrypoint` only puts the
/// program in front of arguments that start with `-`, then runs the command.
pub static BASE_DEFAULTS: &[BaseDefaults] = &[
    BaseDefaults { image: "php", tag_marker: "fpm", command: &["php-fpm"], workdir: "/var/www/html" },
    BaseDefaults { image: "php", tag_marker: "apache", command: &["apache2-foreground"], workdir: "/var/www/html" },
    BaseDefaults { image: "php", tag_marker: "", command: &["php", "-a"], workdir: "/var/www/html" },
    BaseDefaults { image: "oven/bun", tag_marker: "", command: &[], workdir: "/home/bun/app" },
];

/// The defaults of an official image, if the table has them.
pub fn base_defaults(image: &ImageRef) -> Option<&'static BaseDefaults> {
    if image.registry_host() != "docker.io" {
        return None;
    }
    let name = image.hub_repository();
    let tag = image.tag_or_latest().to_ascii_lowercase();
    BASE_DEFAULTS.iter().find(|d| d.image == name && tag.contains(d.tag_marker))
}

/// The working directory an official image starts in, when shipshape knows it: `/` for most,
/// `/go` for golang, the table's for php and oven/bun.
pub fn default_workdir(image: &ImageRef) -> Option<&'static str> {
    if image.registry_host() != "docker.io" {
        return None;
    }
    match image.name() {
        "python" | "node" | "rust" | "eclipse-temurin" | "maven" | "ruby" => Some("/"),
        "golang" => Some("/go"),
        _ => base_defaults(image).map(|d| d.workdir),
    }
}

/// A build image's flavour: the full image has compilers and the headers of common libraries,
/// `-slim` has neither.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flavour {
    Full,
    Slim,
}

impl Flavour {
    /// The flavour of an official image's tag: `3.12`, `3.12-bookworm` are full; `-slim` and
    /// `-alpine` tags are slim (an Alpine build installs its compilers itself, which a slim
    /// build stage does the same way).
    pub fn of_tag(tag: &str) -> Flavour {
        let tag = tag.to_ascii_lowercase();
        if tag.contains("slim") || tag.contains("alpine") { Flavour::Slim } else { Flavour::Full }
    }
}

/// The build image for a runtime, in the flavour of the original build: `python:3.13-trixie`
/// or `python:3.13-slim-trixie` for the distroless Python.
pub fn builder(runtime: &ImageFacts, flavour: Flavour) -> Option<String> {
    let slim = runtime.builder?;
    if flavour == Flavour::Slim || runtime.family == Family::Chainguard {
        return Some(slim.to_string());
    }
    Some(slim.replace("-slim-trixie", "-trixie").replace("-trixie-slim", "-trixie"))
}

/// The image a build stage collects run-time libraries in: the Debian release of the runtime.
pub fn debian_for(runtime: &ImageFacts) -> Option<&'static str> {
    match runtime.debian? {
        13 => Some("debian:trixie-slim"),
        12 => Some("debian:bookworm-slim"),
        _ => None,
    }
}

/// The port an nginx image's default server listens on: 80 for Docker Hub's `nginx`, 8080
/// for the unprivileged variants and Chainguard's.
pub fn nginx_port(image: &ImageRef) -> u16 {
    let name = image.repository.as_str();
    if name.contains("unprivileged") || image.registry_host() == "cgr.dev" || name.contains("bitnami") {
        8080
    } else {
        80
    }
}

/// The runtime images, by family and name (`python3-debian13`, `python`).
pub fn runtime(family: Family, name: &str) -> Option<&'static ImageFacts> {
    IMAGES.iter().find(|i| i.family == family && i.repository.rsplit('/').next() == Some(name))
}

/// A runtime image by family, name and tag: `php` with `latest-fpm`.
pub fn runtime_tagged(family: Family, name: &str, tag: &str) -> Option<&'static ImageFacts> {
    IMAGES.iter().find(|i| i.family == family && i.repository.rsplit('/').next() == Some(name) && i.tag == tag)
}

/// A row's registry host and repository: `gcr.io` and `distroless/static-debian13`; Docker
/// Hub's for a name without a host (`oven/bun`).
fn host_and_repository(row: &ImageFacts) -> (&'static str, &'static str) {
    match row.repository.split_once('/') {
        Some((host, repo)) if host.contains('.') => (host, repo),
        _ => ("docker.io", row.repository),
    }
}

/// The row describing an image the user starts from, if the table has one.
pub fn facts_for(image: &ImageRef) -> Option<&'static ImageFacts> {
    let host = image.registry_host();
    let tag = image.tag_or_latest();
    let repository = image.hub_repository();
    let mut rows = IMAGES.iter().filter(|row| match row.family {
        Family::Common => host == "docker.io" && repository == row.repository && tag.starts_with(row.tag),
        Family::Distroless | Family::Chainguard => host_and_repository(row) == (host, repository),
        Family::Microsoft => host_and_repository(row) == (host, repository) && same_variant(row.tag, tag),
        Family::Upstream => {
            host_and_repository(row) == (host, repository)
                && (tag == row.tag || tag.ends_with(&format!("-{}", row.tag)))
        }
    });
    // Among the rows of one repository, the one with the image's tag wins (`php:latest-fpm`).
    let first = rows.next()?;
    Some(std::iter::once(first).chain(rows).find(|row| row.tag == tag).unwrap_or(first))
}

/// True when an image's tag names the variant a row describes: `8.0.11-noble-chiseled` and
/// `8.0-noble-chiseled-amd64` are `8.0-noble-chiseled`, `8.0-noble-chiseled-extra` is not.
fn same_variant(row_tag: &str, tag: &str) -> bool {
    let (row_version, row_variant) = row_tag.split_once('-').unwrap_or((row_tag, ""));
    let (version, variant) = tag.split_once('-').unwrap_or((tag, ""));
    let variant = ["-amd64", "-arm64v8", "-arm32v7"].iter().fold(variant, |v, arch| v.strip_suffix(arch).unwrap_or(v));
    let version_fits =
        version == row_version || version.strip_prefix(row_version).is_some_and(|rest| rest.starts_with('.'));
    version_fits && variant == row_variant
}

/// The kind of .NET image: the ASP.NET Core runtime, the .NET runtime, or only what a
/// self-contained app needs from the system.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DotnetKind {
    Aspnet,
    Runtime,
    RuntimeDeps,
}

impl DotnetKind {
    /// The repository's last part: `aspnet`, `runtime`, `runtime-deps`.
    pub const fn name(self) -> &'static str {
        match self {
            DotnetKind::Aspnet => "aspnet",
            DotnetKind::Runtime => "runtime",
            DotnetKind::RuntimeDeps => "runtime-deps",
        }
    }
}

/// The chiseled Ubuntu image of a .NET version (`8.0`, `10.0`) and kind; `extra` for the
/// variant with ICU and time zone data.
pub fn dotnet_chiseled(kind: DotnetKind, version: &str, extra: bool) -> Option<&'static ImageFacts> {
    let repository = format!("mcr.microsoft.com/dotnet/{}", kind.name());
    let tag = format!("{version}-noble-chiseled{}", if extra { "-extra" } else { "" });
    IMAGES.iter().find(|r| r.family == Family::Microsoft && r.repository == repository && r.tag == tag)
}

/// The .NET versions that have chiseled images in the table, oldest first.
pub fn dotnet_versions() -> Vec<&'static str> {
    let versions: Vec<&'static str> = IMAGES
        .iter()
        .filter(|r| r.family == Family::Microsoft && r.repository.starts_with("mcr.microsoft.com/dotnet/"))
        .filter_map(|r| r.runtime.map(|rt| rt.version))
        .fold(Vec::new(), |mut out, v| {
            if !out.contains(&v) {
                out.push(v);
            }
            out
        });
    versions
}

/// An entrypoint script of an official image, which a Dockerfile built on it may name in its own
/// ENTRYPOINT (`ENTRYPOINT ["docker-entrypoint.sh"]` on `node`). These only hand the command on,
/// with a program put in front of arguments that need one, so the command is what they run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Launcher {
    /// The Docker Hub repository.
    pub image: &'static str,
    /// The variant's marker in the tag (`fpm`); empty for every tag.
    pub tag_marker: &'static str,
    /// Its path in the image (a bare name is found there through PATH).
    pub script: &'static str,
    /// The program it puts in front of the arguments when the first is a flag (`-e …`) or, for
    /// the JavaScript runtimes, a script file (`server.js`); empty for none.
    pub prepends: &'static str,
    /// What else it does before, which the converted image does not: for the note.
    pub also: Option<&'static str>,
}

/// From the images' own scripts (docker-library/node `docker-entrypoint.sh`, docker-library/php
/// `docker-php-entrypoint`, oven-sh/bun `dockerhub/*/docker-entrypoint.sh`, nginxinc
/// docker-nginx `docker-entrypoint.sh`).
pub static LAUNCHERS: &[Launcher] = &[
    Launcher {
        image: "node",
        tag_marker: "",
        script: "/usr/local/bin/docker-entrypoint.sh",
        prepends: "node",
        also: None,
    },
    Launcher {
        image: "oven/bun",
        tag_marker: "",
        script: "/usr/local/bin/docker-entrypoint.sh",
        prepends: "bun",
        also: None,
    },
    Launcher {
        image: "php",
        tag_marker: "fpm",
        script: "/usr/local/bin/docker-php-entrypoint",
        prepends: "php-fpm",
        also: None,
    },
    Launcher {
        image: "php",
        tag_marker: "",
        script: "/usr/local/bin/docker-php-entrypoint",
        prepends: "php",
        also: None,
    },
    Launcher {
        image: "nginx",
        tag_marker: "",
        script: "/docker-entrypoint.sh",
        prepends: "",
        also: Some(
            "ran the scripts of /docker-entrypoint.d (configuration templates filled in from the environment, an IPv6 listen directive, worker processes tuned to the CPUs)",
        ),
    },
];

/// The launcher of the official image `image` at `path`, if it has one.
pub fn launcher(image: &ImageRef, path: &str) -> Option<&'static Launcher> {
    if image.registry_host() != "docker.io" {
        return None;
    }
    let name = image.hub_repository();
    let tag = image.tag_or_latest().to_ascii_lowercase();
    LAUNCHERS.iter().find(|l| l.image == name && tag.contains(l.tag_marker) && l.script == path)
}

/// A start script a JVM base image runs the app with: it computes the JVM options and finds the
/// jar from environment variables, which needs a shell. The converter starts the same `java`
/// command directly, with the options in `JAVA_TOOL_OPTIONS`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct JvmLauncher {
    /// The repositories whose images have it, by prefix.
    pub images: &'static [&'static str],
    /// Its path in those images.
    pub script: &'static str,
    /// The directory it starts in and looks for the app in (`JAVA_APP_DIR`'s default).
    pub app_dir: &'static str,
    /// The JVM options it adds, unless `JAVA_OPTS` replaces them: heap sized from the
    /// container's memory, the parallel collector and its tuning, exit on out-of-memory.
    pub default_options: &'static [&'static str],
    /// Environment variables it reads at start-up that `java` alone does not.
    pub reads: &'static [&'static str],
}

/// The JVM launchers shipshape knows: Red Hat's UBI OpenJDK images' `run-java.sh` (from
/// jboss-container-images/openjdk: `modules/run`, `modules/jvm`; the 80 % heap default of the
/// UBI 8 1.17 and UBI 9 images).
pub static JVM_LAUNCHERS: &[JvmLauncher] = &[JvmLauncher {
    images: &[
        "registry.access.redhat.com/ubi8/openjdk-",
        "registry.access.redhat.com/ubi9/openjdk-",
        "registry.access.redhat.com/ubi10/openjdk-",
        "registry.redhat.io/ubi8/openjdk-",
        "registry.redhat.io/ubi9/openjdk-",
        "registry.redhat.io/ubi10/openjdk-",
    ],
    script: "/opt/jboss/container/java/run/run-java.sh",
    app_dir: "/deployments",
    default_options: &[
        "-XX:MaxRAMPercentage=80.0",
        "-XX:+UseParallelGC",
        "-XX:MinHeapFreeRatio=10",
        "-XX:MaxHeapFreeRatio=20",
        "-XX:GCTimeRatio=4",
        "-XX:AdaptiveSizePolicyWeight=90",
        "-XX:+ExitOnOutOfMemoryError",
    ],
    reads: &[
        "JAVA_OPTS",
        "JAVA_OPTS_APPEND",
        "JAVA_MAX_MEM_RATIO",
        "JAVA_INITIAL_MEM_RATIO",
        "JAVA_DEBUG",
        "JAVA_DEBUG_PORT",
        "GC_CONTAINER_OPTIONS",
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "NO_PROXY",
    ],
}];

/// The launcher of `image` at `path`, if `path` is one.
pub fn jvm_launcher(image: &ImageRef, path: &str) -> Option<&'static JvmLauncher> {
    let name = format!("{}/{}", image.registry_host(), image.repository);
    JVM_LAUNCHERS.iter().find(|l| l.script == path && l.images.iter().any(|prefix| name.starts_with(prefix)))
}

/// The Python each Debian release packages as `python3`: the distroless Python image is
/// Debian 13's.
pub const DEBIAN_PYTHON: &[(&str, &str)] = &[("bullseye", "3.9"), ("bookworm", "3.11"), ("trixie", "3.13")];

/// The Debian release a build on Debian's own Python moves to: the runtime's, whose `python3` is
/// the distroless Python, in the original's flavour.
pub fn debian_python_builder(flavour: Flavour) -> &'static str {
    match flavour {
        Flavour::Full => "debian:trixie",
        Flavour::Slim => "debian:trixie-slim",
    }
}

/// Astral's uv image with the distroless Python's version and Debian release (the official
/// `python` image with uv in it), in the original's flavour.
pub fn uv_builder(flavour: Flavour) -> &'static str {
    match flavour {
        Flavour::Full => "ghcr.io/astral-sh/uv:python3.13-trixie",
        Flavour::Slim => "ghcr.io/astral-sh/uv:python3.13-trixie-slim",
    }
}

/// How long Microsoft supports each .NET version in the table (its images get fixes until then).
pub const DOTNET_SUPPORT: &[(&str, &str)] =
    &[("8.0", "November 10, 2026"), ("9.0", "November 10, 2026"), ("10.0", "November 14, 2028")];

/// Microsoft's distroless OpenJDK image of a Java major version (`11`), for the versions
/// Google does not publish.
pub fn microsoft_openjdk(major: u32) -> Option<&'static ImageFacts> {
    let tag = format!("{major}-distroless");
    IMAGES
        .iter()
        .find(|r| r.family == Family::Microsoft && r.repository == "mcr.microsoft.com/openjdk/jdk" && r.tag == tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_runtime_image_has_an_explicit_debian_suffix_or_is_chainguard() {
        for row in IMAGES.iter().filter(|r| r.family == Family::Distroless) {
            assert!(row.repository.ends_with("-debian13") || row.repository.ends_with("-debian12"), "{row:?}");
            assert_eq!(row.tag, "nonroot", "the converter writes the nonroot tag");
        }
        for row in IMAGES.iter().filter(|r| r.family == Family::Chainguard) {
            assert!(row.repository.starts_with("cgr.dev/chainguard/"), "{row:?}");
        }
        for row in IMAGES.iter().filter(|r| r.family == Family::Upstream) {
            assert!(row.tag.contains("distroless"), "{row:?}");
        }
        for row in IMAGES.iter().filter(|r| r.family == Family::Microsoft) {
            assert!(row.repository.starts_with("mcr.microsoft.com/"), "{row:?}");
            assert!(row.tag.contains("chiseled") || row.tag.contains("distroless"), "{row:?}");
            assert!(row.uid().is_some_and(|uid| uid != 0) && !row.shell, "{row:?}");
        }
    }

    #[test]
    fn sizes_say_where_they_come_from() {
        for row in IMAGES {
            if let Some(size) = row.size {
                assert!(size.megabytes > 0.0 && !size.source.is_empty() && !size.date.is_empty(), "{row:?}");
            }
        }
    }

    #[test]
    fn looks_up_rows() {
        let facts = facts_for(&ImageRef::parse("python:3.12-alpine3.18")).expect("row");
        assert_eq!(facts.tag, "3.12-alpine");
        assert_eq!(facts_for(&ImageRef::parse("alpine:3.20")).map(|r| r.repository), Some("alpine"));
        assert!(facts_for(&ImageRef::parse("python:3.11-alpine")).is_none());
        let distroless = facts_for(&ImageRef::parse("gcr.io/distroless/python3-debian13:nonroot")).expect("row");
        assert_eq!(distroless.entrypoint, ["/usr/bin/python3.13"]);
        assert_eq!(runtime(Family::Distroless, "java21-debian13").map(|r| r.entrypoint.len()), Some(2));
        let fpm = facts_for(&ImageRef::parse("cgr.dev/chainguard/php:latest-fpm")).expect("row");
        assert_eq!(fpm.port, Some(9000));
        assert_eq!(facts_for(&ImageRef::parse("cgr.dev/chainguard/php:latest")).map(|r| r.tag), Some("latest"));
        let bun = facts_for(&ImageRef::parse("oven/bun:1.2-distroless")).expect("row");
        assert_eq!(bun.family, Family::Upstream);
        assert!(facts_for(&ImageRef::parse("oven/bun:1.2")).is_none(), "the image with a shell is not the row");
    }

    #[test]
    fn microsoft_rows_are_found_by_their_variant() {
        let row = |s| facts_for(&ImageRef::parse(s)).map(|r| r.tag);
        assert_eq!(row("mcr.microsoft.com/dotnet/aspnet:8.0-noble-chiseled"), Some("8.0-noble-chiseled"));
        assert_eq!(row("mcr.microsoft.com/dotnet/aspnet:8.0.11-noble-chiseled-amd64"), Some("8.0-noble-chiseled"));
        assert_eq!(row("mcr.microsoft.com/dotnet/aspnet:8.0-noble-chiseled-extra"), Some("8.0-noble-chiseled-extra"));
        assert_eq!(row("mcr.microsoft.com/dotnet/aspnet:8.0"), None, "the full image is no runtime row");
        assert_eq!(row("mcr.microsoft.com/dotnet/aspnet:80.0-noble-chiseled"), None);
        let aspnet = dotnet_chiseled(DotnetKind::Aspnet, "10.0", false).expect("row");
        assert_eq!((aspnet.entrypoint, aspnet.user_id().as_str()), (&["/usr/bin/dotnet"][..], "1654:1654"));
        assert!(dotnet_chiseled(DotnetKind::RuntimeDeps, "9.0", true).is_some_and(|r| r.entrypoint.is_empty()));
        assert_eq!(dotnet_versions(), ["8.0", "9.0", "10.0"]);
        assert_eq!(microsoft_openjdk(11).map(|r| r.user_id()), Some("101:101".to_string()));
        assert_eq!(runtime(Family::Distroless, "static-debian13").map(|r| r.user_id()), Some("65532:65532".into()));
    }
}
