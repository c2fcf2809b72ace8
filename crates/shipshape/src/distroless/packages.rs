//! OS packages: their names on Alpine, Debian and Wolfi, and what a package installed for the
//! build or the run time means once the image has no package manager.

/// Alpine name → Debian name, for packages whose names differ. Packages missing here are
/// looked up in [`SAME_ON_DEBIAN`]; anything else is kept and reported.
const ALPINE_TO_DEBIAN: &[(&str, &str)] = &[
    ("build-base", "build-essential"),
    ("alpine-sdk", "build-essential"),
    ("musl-dev", "libc6-dev"),
    ("libc-dev", "libc6-dev"),
    ("linux-headers", "linux-libc-dev"),
    ("openssl-dev", "libssl-dev"),
    ("libressl-dev", "libssl-dev"),
    ("zlib-dev", "zlib1g-dev"),
    ("postgresql-dev", "libpq-dev"),
    ("postgresql-libs", "libpq5"),
    ("libpq", "libpq5"),
    ("mariadb-dev", "libmariadb-dev"),
    ("mariadb-connector-c-dev", "libmariadb-dev"),
    ("mysql-dev", "default-libmysqlclient-dev"),
    ("jpeg-dev", "libjpeg-dev"),
    ("libjpeg-turbo-dev", "libjpeg-dev"),
    ("freetype-dev", "libfreetype-dev"),
    ("lcms2-dev", "liblcms2-dev"),
    ("openjpeg-dev", "libopenjp2-7-dev"),
    ("tiff-dev", "libtiff-dev"),
    ("harfbuzz-dev", "libharfbuzz-dev"),
    ("fribidi-dev", "libfribidi-dev"),
    ("libxslt-dev", "libxslt1-dev"),
    ("yaml-dev", "libyaml-dev"),
    ("gmp-dev", "libgmp-dev"),
    ("readline-dev", "libreadline-dev"),
    ("sqlite-dev", "libsqlite3-dev"),
    ("bzip2-dev", "libbz2-dev"),
    ("xz-dev", "liblzma-dev"),
    ("ncurses-dev", "libncurses-dev"),
    ("geos-dev", "libgeos-dev"),
    ("gdal-dev", "libgdal-dev"),
    ("proj-dev", "libproj-dev"),
    ("krb5-dev", "libkrb5-dev"),
    ("cyrus-sasl-dev", "libsasl2-dev"),
    ("openldap-dev", "libldap-dev"),
    ("libmagic", "libmagic1"),
    ("rust", "rustc"),
    ("pkgconfig", "pkg-config"),
    ("pkgconf", "pkg-config"),
    ("xz", "xz-utils"),
    ("openblas-dev", "libopenblas-dev"),
    ("lapack-dev", "liblapack-dev"),
    ("libstdc++", "libstdc++6"),
    ("libgcc", "libgcc-s1"),
    ("libuv-dev", "libuv1-dev"),
    ("cairo-dev", "libcairo2-dev"),
    ("pango-dev", "libpango1.0-dev"),
    ("gdk-pixbuf-dev", "libgdk-pixbuf-2.0-dev"),
    ("libsodium-dev", "libsodium-dev"),
    ("netcat-openbsd", "netcat-openbsd"),
];

/// Names that are the same on Alpine and Debian.
const SAME_ON_DEBIAN: &[&str] = &[
    "gcc",
    "g++",
    "make",
    "git",
    "curl",
    "wget",
    "bash",
    "tzdata",
    "ca-certificates",
    "cmake",
    "autoconf",
    "automake",
    "libtool",
    "gettext",
    "patch",
    "unzip",
    "zip",
    "tar",
    "gzip",
    "file",
    "jq",
    "rsync",
    "perl",
    "gfortran",
    "nodejs",
    "npm",
    "openssh-client",
    "gnupg",
    "libffi-dev",
    "libpng-dev",
    "libwebp-dev",
    "libxml2-dev",
    "tcl-dev",
    "tk-dev",
    "unixodbc-dev",
    "cargo",
    "imagemagick",
    "ffmpeg",
    "postgresql-client",
    "mariadb-client",
    "libpq-dev",
    "libevent-dev",
    "swig",
    "ninja",
];

/// Packages the Python build image already provides: installing them from the OS would bring a
/// second interpreter. They are dropped from a translated install.
const PROVIDED_BY_PYTHON_IMAGE: &[&str] =
    &["python3", "python3-dev", "py3-pip", "python3-pip", "py-pip", "python3-venv"];

/// Debian name → Wolfi name where they differ (Wolfi mostly follows Alpine's names).
const DEBIAN_TO_WOLFI: &[(&str, &str)] = &[
    ("build-essential", "build-base"),
    ("libc6-dev", "glibc-dev"),
    ("linux-libc-dev", "linux-headers"),
    ("libssl-dev", "openssl-dev"),
    ("zlib1g-dev", "zlib-dev"),
    ("libpq-dev", "postgresql-dev"),
    ("libjpeg-dev", "libjpeg-turbo-dev"),
    ("libxslt1-dev", "libxslt-dev"),
    ("pkg-config", "pkgconf"),
];

/// What a translated package name is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Translation {
    /// The name on the target system.
    Known(String),
    /// Not needed on the target (the build image provides it).
    Dropped,
    /// No known equivalent: the name is kept as it is and the user is told to check it.
    Unknown(String),
}

/// The target package system of a translation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Debian,
    Wolfi,
}

/// Translates one package name (a version pin such as `=1.2-r0` must already be removed).
pub fn translate(name: &str, from_alpine: bool, target: Target) -> Translation {
    if PROVIDED_BY_PYTHON_IMAGE.contains(&name) {
        return Translation::Dropped;
    }
    let debian = if from_alpine {
        if let Some((_, d)) = ALPINE_TO_DEBIAN.iter().find(|(a, _)| *a == name) {
            Some((*d).to_string())
        } else if SAME_ON_DEBIAN.contains(&name) {
            Some(name.to_string())
        } else {
            None
        }
    } else {
        Some(name.to_string())
    };
    match target {
        Target::Debian => match debian {
            Some(d) => Translation::Known(d),
            None => Translation::Unknown(name.to_string()),
        },
        Target::Wolfi => {
            if from_alpine {
                // Wolfi keeps Alpine's names, except for the C library.
                return Translation::Known(
                    match name {
                        "musl-dev" | "libc-dev" => "glibc-dev",
                        other => other,
                    }
                    .to_string(),
                );
            }
            match DEBIAN_TO_WOLFI.iter().find(|(d, _)| *d == name) {
                Some((_, w)) => Translation::Known((*w).to_string()),
                None if SAME_ON_DEBIAN.contains(&name) => Translation::Known(name.to_string()),
                None => Translation::Unknown(name.to_string()),
            }
        }
    }
}

/// Packages that are only needed to build: compilers, headers, fetch tools. Distroless images
/// not having them is the point.
pub fn is_build_only(name: &str) -> bool {
    name.ends_with("-dev")
        || name.ends_with("-devel")
        || name.ends_with("-headers")
        || matches!(
            name,
            "build-base"
                | "build-essential"
                | "alpine-sdk"
                | "gcc"
                | "g++"
                | "clang"
                | "make"
                | "cmake"
                | "ninja"
                | "autoconf"
                | "automake"
                | "libtool"
                | "pkgconfig"
                | "pkgconf"
                | "pkg-config"
                | "git"
                | "curl"
                | "wget"
                | "unzip"
                | "zip"
                | "tar"
                | "gzip"
                | "xz"
                | "xz-utils"
                | "patch"
                | "gnupg"
                | "gnupg2"
                | "dirmngr"
                | "openssh-client"
                | "cargo"
                | "rust"
                | "rustc"
                | "gfortran"
                | "swig"
                | "python3"
                | "python3-pip"
                | "python3-venv"
                | "py3-pip"
                | "nodejs"
                | "npm"
                | "yarn"
                | "bash"
                | "software-properties-common"
                | "apt-transport-https"
                | "lsb-release"
        )
}

/// Packages whose contents the distroless images already have (ca-certificates, tzdata, glibc,
/// libssl, zlib; the Python image also has libffi and sqlite).
pub fn is_in_distroless(name: &str) -> bool {
    matches!(
        name,
        "ca-certificates"
            // The library (libssl) is in the base images; apps rarely need the command.
            | "openssl"
            | "tzdata"
            | "libc6"
            | "musl"
            | "libssl3"
            | "libssl3t64"
            | "openssl-libs"
            | "libssl"
            | "libcrypto3"
            | "libssl1.1"
            | "zlib1g"
            | "zlib"
            | "libffi8"
            | "libffi"
            | "libsqlite3-0"
            | "sqlite-libs"
            | "libgcc"
            | "libgcc-s1"
            | "libgcc1"
            | "libstdc++"
            | "libstdc++6"
    )
}

/// For a `-dev` package that a compiled extension links against at run time, the run-time
/// library it needs and whether the distroless images have it.
pub fn runtime_library_of(dev: &str) -> Option<&'static str> {
    Some(match dev {
        "libpq-dev" | "postgresql-dev" => "libpq5",
        "libmariadb-dev" | "mariadb-dev" | "mariadb-connector-c-dev" | "default-libmysqlclient-dev" | "mysql-dev" => {
            "libmariadb3"
        }
        "libxml2-dev" => "libxml2",
        "libxslt1-dev" | "libxslt-dev" => "libxslt1.1",
        "libjpeg-dev" | "jpeg-dev" | "libjpeg-turbo-dev" => "libjpeg62-turbo",
        "libmagic-dev" => "libmagic1",
        "libgeos-dev" | "geos-dev" => "libgeos-c1t64",
        "libgdal-dev" | "gdal-dev" => "libgdal",
        "libldap-dev" | "libldap2-dev" | "openldap-dev" => "libldap2",
        "libsasl2-dev" | "cyrus-sasl-dev" => "libsasl2-2",
        "unixodbc-dev" => "libodbc2",
        "libyaml-dev" | "yaml-dev" => "libyaml-0-2",
        "libfreetype-dev" | "freetype-dev" => "libfreetype6",
        "libopenblas-dev" | "openblas-dev" => "libopenblas0",
        "libcairo2-dev" | "cairo-dev" => "libcairo2",
        "libpango1.0-dev" | "pango-dev" => "libpango-1.0-0",
        "libsodium-dev" => "libsodium23",
        "libgmp-dev" | "gmp-dev" => "libgmp10",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn translates_the_seed_build_dependencies() {
        let t = |n| translate(n, true, Target::Debian);
        assert_eq!(t("build-base"), Translation::Known("build-essential".into()));
        assert_eq!(t("libffi-dev"), Translation::Known("libffi-dev".into()));
        assert_eq!(t("musl-dev"), Translation::Known("libc6-dev".into()));
        assert_eq!(t("postgresql-dev"), Translation::Known("libpq-dev".into()));
        assert_eq!(t("python3-dev"), Translation::Dropped);
        assert_eq!(t("some-alpine-only-thing"), Translation::Unknown("some-alpine-only-thing".into()));
        assert_eq!(translate("musl-dev", true, Target::Wolfi), Translation::Known("glibc-dev".into()));
        assert_eq!(translate("build-essential", false, Target::Wolfi), Translation::Known("build-base".into()));
    }

    #[test]
    fn classifies_packages() {
        assert!(is_build_only("build-base") && is_build_only("libpq-dev") && is_build_only("git"));
        assert!(!is_build_only("libpq5") && !is_build_only("ffmpeg"));
        assert!(is_in_distroless("ca-certificates") && !is_in_distroless("libpq5"));
        assert_eq!(runtime_library_of("libpq-dev"), Some("libpq5"));
        assert_eq!(runtime_library_of("libffi-dev"), None);
    }
}
