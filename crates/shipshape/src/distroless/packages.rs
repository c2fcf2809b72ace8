//! OS packages, by knowledge: for each package shipshape knows, its names on Debian, Alpine and
//! Wolfi, and what it is for once the image has no package manager — needed only to build,
//! already in the runtime image, a run-time library (with the `.so` files it ships), a program,
//! or a musl shim. A package the table does not know counts as needed.
//!
//! Names move between distributions only through a row of this table.

/// What a package is for, as far as the final image is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Compilers, build tools, repository setup: only the build needs them.
    Build,
    /// Headers of a library: what is built against them loads the library named here (its
    /// Debian name) at run time.
    Headers { runtime: &'static str },
    /// In every runtime image already: CA certificates, time zone data, the C library.
    InRuntime,
    /// A shared library programs load at run time; the runtime images list which of these
    /// sonames they have (`images::ImageFacts::libraries`).
    Library { sonames: &'static [&'static str] },
    /// A program. `apps_run_it`: apps start it at run time (`git`, `ffmpeg`), rather than people
    /// inside the container (`curl`, `bash`), so an app may need it.
    Program { apps_run_it: bool },
    /// Lets glibc programs run on musl (`libc6-compat`, `gcompat`): a glibc image needs nothing.
    MuslShim,
    /// The Python or Node that the official build images already have (`python3`, `py3-pip`):
    /// installing it from the OS would add a second interpreter.
    LanguageRuntime,
}

/// One package, by its names on each distribution (empty where there is none).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Package {
    pub debian: &'static str,
    pub alpine: &'static str,
    pub wolfi: &'static str,
    pub role: Role,
    /// Other names for the same package on Alpine or Debian (`pkgconfig`, `libssl3t64`).
    pub aliases: &'static [&'static str],
}

/// A distribution's package names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Distro {
    Debian,
    Alpine,
    Wolfi,
}

impl Package {
    pub const fn name_on(&self, distro: Distro) -> &'static str {
        match distro {
            Distro::Debian => self.debian,
            Distro::Alpine => self.alpine,
            Distro::Wolfi => self.wolfi,
        }
    }
}

const fn p(debian: &'static str, alpine: &'static str, wolfi: &'static str, role: Role) -> Package {
    Package { debian, alpine, wolfi, role, aliases: &[] }
}

const fn pa(
    debian: &'static str,
    alpine: &'static str,
    wolfi: &'static str,
    role: Role,
    aliases: &'static [&'static str],
) -> Package {
    Package { debian, alpine, wolfi, role, aliases }
}

const BUILD: Role = Role::Build;
const RUNTIME: Role = Role::InRuntime;
const TOOL: Role = Role::Program { apps_run_it: false };
const RUN_BY_APPS: Role = Role::Program { apps_run_it: true };

const fn headers(runtime: &'static str) -> Role {
    Role::Headers { runtime }
}

const fn lib(sonames: &'static [&'static str]) -> Role {
    Role::Library { sonames }
}

/// The packages shipshape knows. Debian names are trixie's (Debian 13, the distroless release).
pub static PACKAGES: &[Package] = &[
    // Build tools.
    pa("build-essential", "build-base", "build-base", BUILD, &["alpine-sdk"]),
    p("gcc", "gcc", "gcc", BUILD),
    p("g++", "g++", "gcc", BUILD),
    p("clang", "clang", "clang", BUILD),
    p("lld", "lld", "lld", BUILD),
    p("make", "make", "make", BUILD),
    p("cmake", "cmake", "cmake", BUILD),
    pa("ninja-build", "ninja", "ninja", BUILD, &["ninja"]),
    p("autoconf", "autoconf", "autoconf", BUILD),
    p("automake", "automake", "automake", BUILD),
    p("libtool", "libtool", "libtool", BUILD),
    pa("pkg-config", "pkgconf", "pkgconf", BUILD, &["pkgconfig"]),
    pa("libc6-dev", "musl-dev", "glibc-dev", BUILD, &["libc-dev"]),
    p("linux-libc-dev", "linux-headers", "linux-headers", BUILD),
    p("gfortran", "gfortran", "gcc-fortran", BUILD),
    p("swig", "swig", "swig", BUILD),
    p("patch", "patch", "patch", BUILD),
    p("gettext", "gettext", "gettext", BUILD),
    pa("rustc", "rust", "rust", BUILD, &[]),
    p("cargo", "cargo", "rust", BUILD),
    p("golang", "go", "go", BUILD),
    p("gnupg", "gnupg", "gnupg", BUILD),
    p("dirmngr", "", "", BUILD),
    p("software-properties-common", "", "", BUILD),
    p("apt-transport-https", "", "", BUILD),
    p("lsb-release", "", "", BUILD),
    p("tcl-dev", "tcl-dev", "tcl-dev", BUILD),
    p("tk-dev", "tk-dev", "tk-dev", BUILD),
    p("upx-ucl", "upx", "upx", BUILD),
    // Headers of run-time libraries.
    p("libpq-dev", "postgresql-dev", "postgresql-dev", headers("libpq5")),
    pa("libssl-dev", "openssl-dev", "openssl-dev", headers("libssl3t64"), &["libressl-dev"]),
    p("zlib1g-dev", "zlib-dev", "zlib-dev", headers("zlib1g")),
    p("libffi-dev", "libffi-dev", "libffi-dev", headers("libffi8")),
    p("libxml2-dev", "libxml2-dev", "libxml2-dev", headers("libxml2")),
    p("libxslt1-dev", "libxslt-dev", "libxslt-dev", headers("libxslt1.1")),
    pa(
        "libjpeg-dev",
        "jpeg-dev",
        "libjpeg-turbo-dev",
        headers("libjpeg62-turbo"),
        &["libjpeg-turbo-dev", "libjpeg62-turbo-dev"],
    ),
    p("libpng-dev", "libpng-dev", "libpng-dev", headers("libpng16-16t64")),
    p("libwebp-dev", "libwebp-dev", "libwebp-dev", headers("libwebp7")),
    p("libfreetype-dev", "freetype-dev", "freetype-dev", headers("libfreetype6")),
    p("liblcms2-dev", "lcms2-dev", "lcms2-dev", headers("liblcms2-2")),
    p("libopenjp2-7-dev", "openjpeg-dev", "openjpeg-dev", headers("libopenjp2-7")),
    p("libtiff-dev", "tiff-dev", "tiff-dev", headers("libtiff6")),
    p("libharfbuzz-dev", "harfbuzz-dev", "harfbuzz-dev", headers("libharfbuzz0b")),
    p("libfribidi-dev", "fribidi-dev", "fribidi-dev", headers("libfribidi0")),
    pa(
        "libmariadb-dev",
        "mariadb-dev",
        "mariadb-connector-c-dev",
        headers("libmariadb3"),
        &["mariadb-connector-c-dev", "libmariadb-dev-compat"],
    ),
    pa("default-libmysqlclient-dev", "mysql-dev", "mariadb-connector-c-dev", headers("libmariadb3"), &[]),
    p("libyaml-dev", "yaml-dev", "yaml-dev", headers("libyaml-0-2")),
    p("libgmp-dev", "gmp-dev", "gmp-dev", headers("libgmp10")),
    p("libsqlite3-dev", "sqlite-dev", "sqlite-dev", headers("libsqlite3-0")),
    p("libbz2-dev", "bzip2-dev", "bzip2-dev", headers("libbz2-1.0")),
    p("liblzma-dev", "xz-dev", "xz-dev", headers("liblzma5")),
    p("libreadline-dev", "readline-dev", "readline-dev", headers("libreadline8t64")),
    p("libncurses-dev", "ncurses-dev", "ncurses-dev", headers("libncursesw6")),
    p("libgeos-dev", "geos-dev", "geos-dev", headers("libgeos-c1t64")),
    p("libgdal-dev", "gdal-dev", "gdal-dev", headers("libgdal36")),
    p("libproj-dev", "proj-dev", "proj-dev", headers("libproj25")),
    p("libkrb5-dev", "krb5-dev", "krb5-dev", headers("libgssapi-krb5-2")),
    p("libsasl2-dev", "cyrus-sasl-dev", "cyrus-sasl-dev", headers("libsasl2-2")),
    pa("libldap-dev", "openldap-dev", "openldap-dev", headers("libldap2"), &["libldap2-dev"]),
    p("libmagic-dev", "file-dev", "file-dev", headers("libmagic1t64")),
    p("unixodbc-dev", "unixodbc-dev", "unixodbc-dev", headers("libodbc2")),
    p("libopenblas-dev", "openblas-dev", "openblas-dev", headers("libopenblas0")),
    p("liblapack-dev", "lapack-dev", "lapack-dev", headers("liblapack3")),
    p("libcairo2-dev", "cairo-dev", "cairo-dev", headers("libcairo2")),
    p("libpango1.0-dev", "pango-dev", "pango-dev", headers("libpango-1.0-0")),
    p("libgdk-pixbuf-2.0-dev", "gdk-pixbuf-dev", "gdk-pixbuf-dev", headers("libgdk-pixbuf-2.0-0")),
    p("libsodium-dev", "libsodium-dev", "libsodium-dev", headers("libsodium23")),
    p("libevent-dev", "libevent-dev", "libevent-dev", headers("libevent-2.1-7t64")),
    p("libuv1-dev", "libuv-dev", "libuv-dev", headers("libuv1t64")),
    p("libvips-dev", "vips-dev", "vips-dev", headers("libvips42t64")),
    p("libzstd-dev", "zstd-dev", "zstd-dev", headers("libzstd1")),
    pa("libcurl4-openssl-dev", "curl-dev", "curl-dev", headers("libcurl4t64"), &["libcurl4-gnutls-dev"]),
    p("libsnappy-dev", "snappy-dev", "snappy-dev", headers("libsnappy1v5")),
    p("librdkafka-dev", "librdkafka-dev", "librdkafka-dev", headers("librdkafka1")),
    p("libgomp1", "libgomp", "libgomp", lib(&["libgomp.so.1"])),
    // Already in every runtime image.
    p("ca-certificates", "ca-certificates", "ca-certificates", RUNTIME),
    p("tzdata", "tzdata", "tzdata", RUNTIME),
    pa("libc6", "musl", "glibc", RUNTIME, &["libc-bin", "glibc-locales"]),
    // /etc/services and /etc/protocols (Haskell's network library reads them): distroless's
    // `static` has Debian's netbase, Wolfi's base layout the same files.
    p("netbase", "", "", RUNTIME),
    // Run-time libraries.
    pa(
        "libssl3t64",
        "libssl3",
        "libssl3",
        lib(&["libssl.so.3", "libcrypto.so.3"]),
        &["libssl3", "openssl-libs", "libcrypto3", "libssl"],
    ),
    pa("zlib1g", "zlib", "zlib", lib(&["libz.so.1"]), &[]),
    p("libzstd1", "zstd-libs", "zstd-libs", lib(&["libzstd.so.1"])),
    pa("libgcc-s1", "libgcc", "libgcc", lib(&["libgcc_s.so.1"]), &["libgcc1"]),
    p("libstdc++6", "libstdc++", "libstdc++", lib(&["libstdc++.so.6"])),
    p("libffi8", "libffi", "libffi", lib(&["libffi.so.8"])),
    pa("libsqlite3-0", "sqlite-libs", "sqlite-libs", lib(&["libsqlite3.so.0"]), &[]),
    pa("libpq5", "libpq", "libpq", lib(&["libpq.so.5"]), &["postgresql-libs"]),
    pa("libmariadb3", "mariadb-connector-c", "mariadb-connector-c", lib(&["libmariadb.so.3"]), &["mariadb-libs"]),
    p("libxml2", "libxml2", "libxml2", lib(&["libxml2.so.2"])),
    p("libxslt1.1", "libxslt", "libxslt", lib(&["libxslt.so.1", "libexslt.so.0"])),
    p("libjpeg62-turbo", "libjpeg-turbo", "libjpeg-turbo", lib(&["libjpeg.so.62"])),
    p("libpng16-16t64", "libpng", "libpng", lib(&["libpng16.so.16"])),
    p("libwebp7", "libwebp", "libwebp", lib(&["libwebp.so.7"])),
    p("libfreetype6", "freetype", "freetype", lib(&["libfreetype.so.6"])),
    p("liblcms2-2", "lcms2", "lcms2", lib(&["liblcms2.so.2"])),
    p("libopenjp2-7", "openjpeg", "openjpeg", lib(&["libopenjp2.so.7"])),
    p("libtiff6", "tiff", "tiff", lib(&["libtiff.so.6"])),
    p("libtiff5", "", "", lib(&["libtiff.so.5"])),
    p("libharfbuzz0b", "harfbuzz", "harfbuzz", lib(&["libharfbuzz.so.0"])),
    p("libfribidi0", "fribidi", "fribidi", lib(&["libfribidi.so.0"])),
    p("libyaml-0-2", "yaml", "yaml", lib(&["libyaml-0.so.2"])),
    p("libgmp10", "gmp", "gmp", lib(&["libgmp.so.10"])),
    p("libbz2-1.0", "libbz2", "libbz2", lib(&["libbz2.so.1.0"])),
    p("liblzma5", "xz-libs", "xz-libs", lib(&["liblzma.so.5"])),
    p("libreadline8t64", "readline", "readline", lib(&["libreadline.so.8"])),
    p("libncursesw6", "ncurses-libs", "ncurses", lib(&["libncursesw.so.6"])),
    p("libgeos-c1t64", "geos", "geos", lib(&["libgeos_c.so.1"])),
    p("libgdal36", "gdal", "gdal", lib(&["libgdal.so.36"])),
    p("libproj25", "proj", "proj", lib(&["libproj.so.25"])),
    p("libgssapi-krb5-2", "krb5-libs", "krb5-libs", lib(&["libgssapi_krb5.so.2"])),
    p("libsasl2-2", "libsasl", "cyrus-sasl", lib(&["libsasl2.so.2"])),
    p("libldap2", "libldap", "openldap", lib(&["libldap.so.2", "liblber.so.2"])),
    pa("libmagic1t64", "libmagic", "libmagic", lib(&["libmagic.so.1"]), &["libmagic1"]),
    p("libodbc2", "unixodbc", "unixodbc", lib(&["libodbc.so.2"])),
    p("libopenblas0", "openblas", "openblas", lib(&["libopenblas.so.0"])),
    p("liblapack3", "lapack", "lapack", lib(&["liblapack.so.3"])),
    p("libcairo2", "cairo", "cairo", lib(&["libcairo.so.2"])),
    p("libpango-1.0-0", "pango", "pango", lib(&["libpango-1.0.so.0"])),
    p("libgdk-pixbuf-2.0-0", "gdk-pixbuf", "gdk-pixbuf", lib(&["libgdk_pixbuf-2.0.so.0"])),
    p("libsodium23", "libsodium", "libsodium", lib(&["libsodium.so.23"])),
    p("libevent-2.1-7t64", "libevent", "libevent", lib(&["libevent-2.1.so.7"])),
    p("libuv1t64", "libuv", "libuv", lib(&["libuv.so.1"])),
    p("libvips42t64", "vips", "vips", lib(&["libvips.so.42"])),
    pa("libcurl4t64", "libcurl", "libcurl-openssl4", lib(&["libcurl.so.4"]), &["libcurl4"]),
    p("libsnappy1v5", "snappy", "snappy", lib(&["libsnappy.so.1"])),
    p("librdkafka1", "librdkafka", "librdkafka", lib(&["librdkafka.so.1"])),
    // Compatibility shims for glibc programs on musl.
    p("", "libc6-compat", "", Role::MuslShim),
    p("", "gcompat", "", Role::MuslShim),
    // The language runtimes the official build images have.
    p("python3", "python3", "python-3", Role::LanguageRuntime),
    pa("python3-dev", "python3-dev", "python-3-dev", Role::LanguageRuntime, &[]),
    pa("python3-pip", "py3-pip", "py3-pip", Role::LanguageRuntime, &["py-pip"]),
    p("python3-venv", "", "", Role::LanguageRuntime),
    // Programs apps start at run time.
    p("git", "git", "git", RUN_BY_APPS),
    pa("openssh-client", "openssh-client", "openssh-client", RUN_BY_APPS, &["openssh"]),
    p("ffmpeg", "ffmpeg", "ffmpeg", RUN_BY_APPS),
    p("imagemagick", "imagemagick", "imagemagick", RUN_BY_APPS),
    p("ghostscript", "ghostscript", "ghostscript", RUN_BY_APPS),
    p("poppler-utils", "poppler-utils", "poppler-utils", RUN_BY_APPS),
    p("tesseract-ocr", "tesseract-ocr", "tesseract", RUN_BY_APPS),
    p("libreoffice", "libreoffice", "", RUN_BY_APPS),
    p("pandoc", "pandoc", "pandoc", RUN_BY_APPS),
    p("wkhtmltopdf", "wkhtmltopdf", "", RUN_BY_APPS),
    p("graphviz", "graphviz", "graphviz", RUN_BY_APPS),
    p("postgresql-client", "postgresql-client", "postgresql-client", RUN_BY_APPS),
    pa("mariadb-client", "mariadb-client", "mariadb-client", RUN_BY_APPS, &["default-mysql-client", "mysql-client"]),
    p("rsync", "rsync", "rsync", RUN_BY_APPS),
    p("chromium", "chromium", "chromium", RUN_BY_APPS),
    pa("libimage-exiftool-perl", "exiftool", "exiftool", RUN_BY_APPS, &[]),
    p("nodejs", "nodejs", "nodejs", RUN_BY_APPS),
    p("npm", "npm", "npm", RUN_BY_APPS),
    p("yarn", "yarn", "yarn", RUN_BY_APPS),
    p("default-jre-headless", "openjdk17-jre-headless", "openjdk-17-jre", RUN_BY_APPS),
    p("perl", "perl", "perl", RUN_BY_APPS),
    p("docker.io", "docker-cli", "docker-cli", RUN_BY_APPS),
    p("kubectl", "kubectl", "kubectl", RUN_BY_APPS),
    p("gosu", "", "", TOOL),
    p("", "su-exec", "su-exec", TOOL),
    // Programs for people and scripts inside the container.
    p("curl", "curl", "curl", TOOL),
    p("wget", "wget", "wget", TOOL),
    p("bash", "bash", "bash", TOOL),
    p("openssl", "openssl", "openssl", TOOL),
    p("procps", "procps", "procps", TOOL),
    p("vim", "vim", "vim", TOOL),
    p("nano", "nano", "nano", TOOL),
    p("less", "less", "less", TOOL),
    p("iputils-ping", "iputils", "iputils", TOOL),
    p("netcat-openbsd", "netcat-openbsd", "netcat-openbsd", TOOL),
    p("dnsutils", "bind-tools", "bind-tools", TOOL),
    p("iproute2", "iproute2", "iproute2", TOOL),
    p("net-tools", "net-tools", "net-tools", TOOL),
    p("htop", "htop", "htop", TOOL),
    p("strace", "strace", "strace", TOOL),
    p("lsof", "lsof", "lsof", TOOL),
    p("jq", "jq", "jq", TOOL),
    p("unzip", "unzip", "unzip", TOOL),
    p("zip", "zip", "zip", TOOL),
    p("tar", "tar", "tar", TOOL),
    p("gzip", "gzip", "gzip", TOOL),
    p("xz-utils", "xz", "xz", TOOL),
    p("file", "file", "file", TOOL),
    p("sudo", "sudo", "sudo", TOOL),
    p("tini", "tini", "tini", TOOL),
    p("dumb-init", "dumb-init", "dumb-init", TOOL),
    p("busybox", "busybox", "busybox", TOOL),
    p("coreutils", "coreutils", "coreutils", TOOL),
    p("findutils", "findutils", "findutils", TOOL),
    pa("passwd", "shadow", "shadow", TOOL, &["adduser"]),
    p("supervisor", "supervisor", "supervisor", RUN_BY_APPS),
];

/// The row for a package name as written on `distro` (aliases included).
pub fn lookup(name: &str, distro: Distro) -> Option<&'static Package> {
    PACKAGES.iter().find(|p| p.name_on(distro) == name).or_else(|| {
        PACKAGES.iter().find(|p| {
            p.aliases.contains(&name)
                || (distro != Distro::Debian && p.debian == name && p.alpine.is_empty() && p.wolfi.is_empty())
        })
    })
}

/// The row for a package by its Debian name.
pub fn debian(name: &str) -> Option<&'static Package> {
    lookup(name, Distro::Debian)
}

/// What a translated package name is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Translation {
    /// The name on the target system.
    Known(String),
    /// Not needed on the target: a musl shim on glibc, or the interpreter the build image has.
    Dropped,
    /// No known equivalent: the name is kept as it is and the user is told to check it.
    Unknown(String),
}

/// Translates one package name (a version pin such as `=1.2-r0` must already be removed) from
/// `from` to `to`, through the table only.
pub fn translate(name: &str, from: Distro, to: Distro) -> Translation {
    let Some(package) = lookup(name, from) else {
        return if from == to { Translation::Known(name.to_string()) } else { Translation::Unknown(name.to_string()) };
    };
    if matches!(package.role, Role::MuslShim | Role::LanguageRuntime) {
        return Translation::Dropped;
    }
    match package.name_on(to) {
        "" => Translation::Unknown(name.to_string()),
        target => Translation::Known(target.to_string()),
    }
}

/// The role of a package installed on `distro`; `None` when the table does not know it.
pub fn role(name: &str, distro: Distro) -> Option<Role> {
    lookup(name, distro).map(|p| p.role)
}

/// True when a package the table does not know is named as a shared library package is:
/// Debian's `lib<name><soversion>` (`libboost-program-options1.74.0`, `liblog4cxx10v5`), not its
/// headers, tools or data; Alpine's and Wolfi's `*-libs`. What it holds can be found with `ldd`
/// on the program that links it.
pub fn looks_like_library(name: &str, distro: Distro) -> bool {
    const NOT_LIBRARIES: &[&str] =
        &["-dev", "-doc", "-bin", "-utils", "-tools", "-perl", "-java", "-data", "-common", "-dbg", "-examples"];
    if NOT_LIBRARIES.iter().any(|suffix| name.ends_with(suffix)) {
        return false;
    }
    match distro {
        Distro::Debian => name.starts_with("lib") && name.contains(|c: char| c.is_ascii_digit()),
        Distro::Alpine | Distro::Wolfi => name.ends_with("-libs") || (name.starts_with("lib") && name.len() > 3),
    }
}

/// The Debian run-time library a package needs at run time: itself when it is a library, the
/// library its headers belong to when it holds headers.
pub fn runtime_library(name: &str, distro: Distro) -> Option<&'static Package> {
    let package = lookup(name, distro)?;
    match package.role {
        Role::Library { .. } => Some(package),
        Role::Headers { runtime } => debian(runtime).filter(|p| matches!(p.role, Role::Library { .. })),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn translates_through_the_table_only() {
        let t = |n| translate(n, Distro::Alpine, Distro::Debian);
        assert_eq!(t("build-base"), Translation::Known("build-essential".into()));
        assert_eq!(t("libffi-dev"), Translation::Known("libffi-dev".into()));
        assert_eq!(t("musl-dev"), Translation::Known("libc6-dev".into()));
        assert_eq!(t("postgresql-dev"), Translation::Known("libpq-dev".into()));
        assert_eq!(t("libpq"), Translation::Known("libpq5".into()));
        assert_eq!(t("python3-dev"), Translation::Dropped);
        assert_eq!(t("libc6-compat"), Translation::Dropped, "a musl shim has no place on glibc");
        assert_eq!(t("gcompat"), Translation::Dropped);
        assert_eq!(t("some-alpine-only-thing"), Translation::Unknown("some-alpine-only-thing".into()));
        assert_eq!(translate("musl-dev", Distro::Alpine, Distro::Wolfi), Translation::Known("glibc-dev".into()));
        assert_eq!(
            translate("build-essential", Distro::Debian, Distro::Wolfi),
            Translation::Known("build-base".into())
        );
        assert_eq!(translate("whatever", Distro::Debian, Distro::Debian), Translation::Known("whatever".into()));
    }

    #[test]
    fn knows_what_each_package_is_for() {
        assert_eq!(role("build-base", Distro::Alpine), Some(Role::Build));
        assert_eq!(role("libpq-dev", Distro::Debian), Some(Role::Headers { runtime: "libpq5" }));
        assert_eq!(role("ca-certificates", Distro::Debian), Some(Role::InRuntime));
        assert_eq!(role("git", Distro::Debian), Some(Role::Program { apps_run_it: true }));
        assert_eq!(role("curl", Distro::Alpine), Some(Role::Program { apps_run_it: false }));
        assert_eq!(role("libssl3", Distro::Debian), role("libssl3t64", Distro::Debian));
        assert_eq!(role("left-pad", Distro::Debian), None);
        let libpq = runtime_library("postgresql-dev", Distro::Alpine).expect("libpq");
        assert_eq!((libpq.debian, libpq.role), ("libpq5", Role::Library { sonames: &["libpq.so.5"] }));
        assert!(runtime_library("gcc", Distro::Debian).is_none());
    }

    #[test]
    fn library_names_are_recognised() {
        assert!(looks_like_library("libboost-program-options1.74.0", Distro::Debian));
        assert!(looks_like_library("liblog4cxx10v5", Distro::Debian));
        assert!(!looks_like_library("libboost-program-options-dev", Distro::Debian));
        assert!(!looks_like_library("libimage-exiftool-perl", Distro::Debian));
        assert!(!looks_like_library("libreoffice", Distro::Debian));
        assert!(looks_like_library("icu-libs", Distro::Alpine));
    }

    #[test]
    fn every_header_row_names_a_library_row() {
        for package in PACKAGES {
            if let Role::Headers { runtime } = package.role {
                assert!(
                    debian(runtime).is_some_and(|p| matches!(p.role, Role::Library { .. })),
                    "{} names {runtime}, which is no library row",
                    package.debian
                );
            }
        }
    }
}
