//! Risks a nonroot, shell-less image brings that the Dockerfile alone cannot settle: ports
//! below 1024, volumes and bind mounts owned by other users, the Docker socket.

use super::*;

/// Programs that drive Docker through its socket.
const DOCKER_CLIENTS: &[&str] = &[
    "docker",
    "dockerd",
    "woodpecker-agent",
    "drone-runner-docker",
    "watchtower",
    "traefik",
    "portainer",
    "dozzle",
    "buildkite-agent",
    "gitlab-runner",
    "act_runner",
    "cadvisor",
];

impl Planner<'_, '_> {
    pub(super) fn risk_notes(&mut self) {
        let a = self.a;
        let needs = self.needs;
        let ports = self.listening.as_ref().unwrap_or(&needs.ports);
        let low: Vec<String> = ports.iter().filter(|p| **p < 1024).map(|p| p.to_string()).collect();
        if !low.is_empty() && a.stack != Stack::StaticWeb {
            self.check(format!(
                "The app listens on port {} and now runs as nonroot: Docker lets a nonroot process bind ports below 1024, but Kubernetes does not unless the pod allows it (`net.ipv4.ip_unprivileged_port_start`, or the NET_BIND_SERVICE capability); move it to a port such as 8080 if it must run there",
                low.join(", ")
            ));
        }
        let program = a.launch.program().map(|p| basename(&p).to_string()).unwrap_or_default();
        let socket = needs.volumes.iter().any(|v| v.contains("docker.sock"))
            || a.model.variable(a.file.instructions.len(), "DOCKER_HOST").is_some_and(|h| h.starts_with("unix://"))
            || DOCKER_CLIENTS.contains(&program.as_str());
        if socket {
            self.check(format!(
                "{program} talks to Docker through its socket: a mounted /var/run/docker.sock belongs to root and the `docker` group (mode 660), so the app, now uid {}, cannot open it; run the container with `--group-add` and the socket's group id (Compose: `group_add`), or keep this image running as root",
                self.uid_text(),
                program = code(&program)
            ));
        }
        let volumes: Vec<String> = needs.volumes.iter().filter(|v| !v.contains("docker.sock")).cloned().collect();
        if !volumes.is_empty() {
            let one = volumes.len() == 1;
            self.check(format!(
                "{} {} a VOLUME: a new named volume takes the owner the image gives the directory ({uid} here), but a bind mount or a volume made by the old image keeps its owner, and the app, now uid {uid}, cannot write to one owned by another user: `chown -R {uid}:{uid}` the data once, or run with `--user` set to its owner",
                list(&volumes),
                if one { "is" } else { "are" },
                uid = self.uid_text()
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::converted;

    #[test]
    fn the_docker_socket_and_volumes_are_named() {
        let c = converted(
            "FROM golang:1.24 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/watchtower .\nFROM alpine:3.22\nCOPY --from=build /out/watchtower /watchtower\nVOLUME /var/run/docker.sock /data\nEXPOSE 80\nENTRYPOINT [\"/watchtower\"]\n",
        );
        let notes: Vec<String> = c.notes.iter().map(ToString::to_string).collect();
        assert!(notes.iter().any(|n| n.contains("docker.sock") && n.contains("--group-add")), "{notes:?}");
        assert!(notes.iter().any(|n| n.contains("`/data` is a VOLUME")), "{notes:?}");
        assert!(notes.iter().any(|n| n.contains("port 80") && n.contains("Kubernetes")), "{notes:?}");
    }
}
