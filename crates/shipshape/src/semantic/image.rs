//! Image references (`registry/namespace/name:tag@digest`) and what we can tell from them.

/// A parsed image reference.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct ImageRef {
    /// The reference as resolved (global ARG defaults substituted).
    pub raw: String,
    /// `gcr.io`, `registry.example.com:5000`, or `None` for Docker Hub.
    pub registry: Option<String>,
    /// The path without registry: `python`, `bitnami/nginx`, `distroless/python3-debian13`.
    pub repository: String,
    pub tag: Option<String>,
    pub digest: Option<String>,
}

impl ImageRef {
    pub fn parse(raw: &str) -> ImageRef {
        let (rest, digest) = match raw.split_once('@') {
            Some((rest, digest)) => (rest, Some(digest.to_string())),
            None => (raw, None),
        };
        let (registry, path) = match rest.split_once('/') {
            Some((first, path)) if first.contains(['.', ':']) || first == "localhost" => {
                (Some(first.to_string()), path)
            }
            _ => (None, rest),
        };
        let last_slash = path.rfind('/').map_or(0, |i| i + 1);
        let (repository, tag) = match path[last_slash..].split_once(':') {
            Some((name, tag)) => (format!("{}{}", &path[..last_slash], name), Some(tag.to_string())),
            None => (path.to_string(), None),
        };
        ImageRef { raw: raw.to_string(), registry, repository: repository.to_ascii_lowercase(), tag, digest }
    }

    /// The last path component: `python` for `docker.io/library/python:3.13`.
    pub fn name(&self) -> &str {
        self.repository.rsplit('/').next().unwrap_or(&self.repository)
    }

    /// The registry host, with Docker Hub's aliases folded to `docker.io`.
    pub fn registry_host(&self) -> &str {
        match self.registry.as_deref() {
            None | Some("index.docker.io" | "registry-1.docker.io") => "docker.io",
            Some(host) => host,
        }
    }

    pub fn is_pinned_by_digest(&self) -> bool {
        self.digest.is_some()
    }

    pub fn tag_or_latest(&self) -> &str {
        self.tag.as_deref().unwrap_or("latest")
    }
}

/// The operating-system family of an image, which decides the package manager and the tools
/// a fix may use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Os {
    Alpine,
    Debian,
    Ubuntu,
    /// RHEL, CentOS, Fedora, Rocky, Alma, Amazon Linux, Oracle Linux, UBI.
    Rhel,
    Suse,
    Busybox,
    /// Wolfi-based Chainguard images (`cgr.dev/chainguard/*`).
    Wolfi,
    Distroless,
    Scratch,
    Windows,
    Unknown,
}

impl Os {
    /// True when the image has a POSIX `/bin/sh`.
    pub fn has_shell(self) -> bool {
        !matches!(self, Os::Distroless | Os::Scratch | Os::Windows)
    }

    pub fn is_debian_like(self) -> bool {
        matches!(self, Os::Debian | Os::Ubuntu)
    }
}

const DEBIAN_CODENAMES: &[&str] = &["buster", "bullseye", "bookworm", "trixie", "forky", "sid", "stretch", "jessie"];
const UBUNTU_CODENAMES: &[&str] = &["bionic", "focal", "jammy", "noble", "oracular", "plucky", "questing", "xenial"];

/// Official images built on Debian unless their tag says otherwise.
const DEBIAN_BASED: &[&str] = &[
    "buildpack-deps",
    "python",
    "node",
    "golang",
    "ruby",
    "php",
    "perl",
    "rust",
    "openjdk",
    "maven",
    "gradle",
    "haskell",
    "elixir",
    "erlang",
    "julia",
    "r-base",
    "nginx",
    "httpd",
    "postgres",
    "mysql",
    "redis",
    "mongo",
    "rabbitmq",
    "wordpress",
    "drupal",
    "ghost",
    "memcached",
    "traefik",
    "caddy",
    "swift",
    "clojure",
    "gcc",
    "docker",
    "jenkins",
    "sonarqube",
    "tomcat",
    "mariadb",
    "nextcloud",
    "odoo",
    "dart",
];
const UBUNTU_BASED: &[&str] = &["eclipse-temurin", "ibm-semeru-runtimes", "sapmachine", "amazoncorretto-ubuntu"];

/// Infers the OS family from an image reference (without any registry lookup).
pub fn os_of(image: &ImageRef) -> Os {
    let repo = image.repository.as_str();
    let name = image.name();
    let tag = image.tag.as_deref().unwrap_or("").to_ascii_lowercase();
    let host = image.registry_host();
    if host == "gcr.io" && repo.starts_with("distroless/") {
        return Os::Distroless;
    }
    if host == "cgr.dev" {
        return if tag.contains("dev") { Os::Wolfi } else { Os::Distroless };
    }
    if host == "mcr.microsoft.com"
        && (repo.starts_with("windows") || repo.contains("nanoserver") || repo.contains("servercore"))
        || tag.contains("windowsservercore")
        || tag.contains("nanoserver")
        || tag.contains("ltsc20")
    {
        return Os::Windows;
    }
    if name == "alpine" || tag.contains("alpine") {
        return Os::Alpine;
    }
    if name == "busybox" {
        return Os::Busybox;
    }
    if name == "ubuntu" || UBUNTU_CODENAMES.iter().any(|c| tag.contains(c)) || UBUNTU_BASED.contains(&name) {
        return Os::Ubuntu;
    }
    if name == "debian" || DEBIAN_CODENAMES.iter().any(|c| tag.contains(c)) {
        return Os::Debian;
    }
    if matches!(
        name,
        "centos"
            | "fedora"
            | "rockylinux"
            | "almalinux"
            | "amazonlinux"
            | "oraclelinux"
            | "ubi"
            | "ubi-minimal"
            | "ubi8"
            | "ubi9"
            | "ubi10"
    ) || repo.starts_with("ubi")
        || repo.contains("/ubi")
        || name.starts_with("ubi")
    {
        return Os::Rhel;
    }
    if repo.starts_with("opensuse") || name == "sles" || repo.contains("suse") {
        return Os::Suse;
    }
    if DEBIAN_BASED.contains(&name) && host == "docker.io" {
        return Os::Debian;
    }
    Os::Unknown
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_references() {
        let r = ImageRef::parse("registry.example.com:5000/team/app:1.2@sha256:abc");
        assert_eq!(r.registry.as_deref(), Some("registry.example.com:5000"));
        assert_eq!(r.repository, "team/app");
        assert_eq!(r.tag.as_deref(), Some("1.2"));
        assert_eq!(r.digest.as_deref(), Some("sha256:abc"));
        let r = ImageRef::parse("python:3.12-alpine3.18");
        assert_eq!((r.registry, r.repository.as_str(), r.tag.as_deref()), (None, "python", Some("3.12-alpine3.18")));
        let r = ImageRef::parse("localhost/app");
        assert_eq!((r.registry.as_deref(), r.tag), (Some("localhost"), None));
        assert_eq!(ImageRef::parse("gcr.io/distroless/static-debian13:nonroot").name(), "static-debian13");
    }

    #[test]
    fn infers_os() {
        let os = |s| os_of(&ImageRef::parse(s));
        assert_eq!(os("python:3.12-alpine3.18"), Os::Alpine);
        assert_eq!(os("python:3.13-slim"), Os::Debian);
        assert_eq!(os("ubuntu:24.04"), Os::Ubuntu);
        assert_eq!(os("eclipse-temurin:21-jre"), Os::Ubuntu);
        assert_eq!(os("gcr.io/distroless/python3-debian13"), Os::Distroless);
        assert_eq!(os("registry.access.redhat.com/ubi9/ubi-minimal"), Os::Rhel);
        assert_eq!(os("mcr.microsoft.com/windows/servercore:ltsc2022"), Os::Windows);
        assert_eq!(os("golang:1.26-windowsservercore-ltsc2022"), Os::Windows);
        assert_eq!(os("example.com/whatever"), Os::Unknown);
    }
}
