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
    /// Oven's official Bun images, `oven/bun` on Docker Hub.
    pub fn is_oven_bun(&self) -> bool {
        self.repository == "oven/bun" && self.registry_host() == "docker.io"
    }

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

    /// The registry host, with Docker Hub's aliases and the mirrors of its official images
    /// (`public.ecr.aws/docker/library/`, `mirror.gcr.io/`), which serve the same images, folded
    /// to `docker.io`.
    pub fn registry_host(&self) -> &str {
        match self.registry.as_deref() {
            None | Some("index.docker.io" | "registry-1.docker.io" | "mirror.gcr.io") => "docker.io",
            Some("public.ecr.aws") if self.repository.starts_with("docker/library/") => "docker.io",
            Some(host) => host,
        }
    }

    /// The repository as Docker Hub names it: `ruby` for `ruby`, `library/ruby` and
    /// `public.ecr.aws/docker/library/ruby`.
    pub fn hub_repository(&self) -> &str {
        let repository = match self.registry.as_deref() {
            Some("public.ecr.aws") => self.repository.trim_start_matches("docker/"),
            _ => &self.repository,
        };
        repository.trim_start_matches("library/")
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
    // Oven's Bun images: Debian, apart from the Alpine and distroless variants.
    if image.is_oven_bun() {
        return if tag.contains("distroless") { Os::Distroless } else { Os::Debian };
    }
    if DEBIAN_BASED.contains(&name) && host == "docker.io" {
        return Os::Debian;
    }
    Os::Unknown
}

/// True when `text` is an image reference Docker accepts (`distribution/reference`'s
/// grammar): `[host[:port]/]path[:tag][@algorithm:hex]`, with a lowercase path.
pub fn is_valid_reference(text: &str) -> bool {
    let (rest, digest) = match text.split_once('@') {
        Some((rest, digest)) => (rest, Some(digest)),
        None => (text, None),
    };
    if let Some(digest) = digest {
        let Some((algorithm, hex)) = digest.split_once(':') else {
            return false;
        };
        let algorithm_ok = algorithm.split(['+', '.', '-', '_']).all(|part| {
            part.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && part.chars().all(|c| c.is_ascii_alphanumeric())
        });
        if !algorithm_ok || hex.len() < 32 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return false;
        }
    }
    // A tag follows the last `:` that comes after the last `/` (a registry port comes before).
    let last_slash = rest.rfind('/').map_or(0, |i| i + 1);
    let (name, tag) = match rest[last_slash..].rfind(':') {
        Some(i) => (&rest[..last_slash + i], Some(&rest[last_slash + i + 1..])),
        None => (rest, None),
    };
    if let Some(tag) = tag {
        let mut chars = tag.chars();
        let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
        if !first_ok || tag.len() > 128 || !chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')) {
            return false;
        }
    }
    if name.is_empty() || name.len() > 255 {
        return false;
    }
    let mut components: Vec<&str> = name.split('/').collect();
    if components.len() > 1 {
        let first = components[0];
        if first.contains(['.', ':']) || first == "localhost" || first.chars().any(|c| c.is_ascii_uppercase()) {
            if !is_valid_domain(first) {
                return false;
            }
            components.remove(0);
        }
    }
    components.iter().all(|c| is_valid_path_component(c))
}

fn is_valid_domain(domain: &str) -> bool {
    let (host, port) = match domain.rsplit_once(':') {
        Some((host, port)) if !host.ends_with(']') || domain.starts_with('[') => (host, Some(port)),
        _ => (domain, None),
    };
    if port.is_some_and(|p| p.is_empty() || !p.chars().all(|c| c.is_ascii_digit())) {
        return false;
    }
    if let Some(ipv6) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        return !ipv6.is_empty() && ipv6.chars().all(|c| c.is_ascii_hexdigit() || c == ':');
    }
    !host.is_empty()
        && host.split('.').all(|label| {
            !label.is_empty()
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        })
}

/// `[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*`
fn is_valid_path_component(component: &str) -> bool {
    let bytes = component.as_bytes();
    let alnum = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    if bytes.is_empty() || !alnum(bytes[0]) || !alnum(bytes[bytes.len() - 1]) {
        return false;
    }
    let mut i = 0;
    while i < bytes.len() {
        if alnum(bytes[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && !alnum(bytes[i]) {
            i += 1;
        }
        let separator = &component[start..i];
        if !(separator == "." || separator == "_" || separator == "__" || separator.bytes().all(|b| b == b'-')) {
            return false;
        }
    }
    true
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
    fn the_mirrors_of_docker_hubs_official_images_are_docker_hub() {
        for raw in
            ["public.ecr.aws/docker/library/ruby:3.4-slim", "mirror.gcr.io/library/ruby:3.4-slim", "ruby:3.4-slim"]
        {
            let image = ImageRef::parse(raw);
            assert_eq!(
                (image.registry_host(), image.hub_repository(), image.name()),
                ("docker.io", "ruby", "ruby"),
                "{raw}"
            );
        }
        let other = ImageRef::parse("public.ecr.aws/bitnami/ruby:3.4");
        assert_eq!((other.registry_host(), other.hub_repository()), ("public.ecr.aws", "bitnami/ruby"));
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
        assert_eq!(os("oven/bun:1.2-slim"), Os::Debian);
        assert_eq!(os("oven/bun:1.2-alpine"), Os::Alpine);
        assert_eq!(os("oven/bun:1.2-distroless"), Os::Distroless);
        assert_eq!(os("example.com/whatever"), Os::Unknown);
    }

    #[test]
    fn validates_references() {
        for good in [
            "busybox",
            "busybox:stable",
            "scratch",
            "library/python:3.13-slim",
            "registry.example.com:5000/team/app:1.2",
            "localhost/app",
            "ghcr.io/owner/my_app__x-y.z:v1",
            "alpine@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "[::1]:5000/app",
        ] {
            assert!(is_valid_reference(good), "{good}");
        }
        for bad in
            ["", "busybox:", ":latest", "Busybox", "app/Name", "a//b", "app:-x", "app@sha256:12", "a..b", "-a", "a:b:c"]
        {
            assert!(!is_valid_reference(bad), "{bad}");
        }
    }
}
