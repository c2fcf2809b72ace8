//! Static sites served by nginx: Chainguard's nginx, which has no shell and runs as nonroot, with
//! `--runtime chainguard` (Google publishes no web server image, so `--runtime distroless`
//! refuses, naming Chainguard's). Its default server listens on 8080 where Docker Hub's nginx
//! listens on 80, so the port changes and EXPOSE and the notes say so; a main configuration
//! written for nginx started as root (the `user` directive, a pid file in /var/run) is refused.

use super::*;

impl Planner<'_, '_> {
    pub(super) fn static_web(&mut self) -> Result<(), Refusal> {
        let a = self.a;
        let from = a.model.stages[a.final_stage].from.map(|f| a.instruction(f).range);
        if self.options.runtime == RuntimeFamily::Distroless {
            return Err(Refusal::new(
                RefusalClass::NotPublished,
                "the image serves a site with nginx, and Google publishes no distroless web server image; Chainguard does (`cgr.dev/chainguard/nginx`, with no shell, running as nonroot and listening on 8080)",
                from,
            ));
        }
        let copies =
            a.lineage_instructions().into_iter().any(|i| matches!(a.instruction(i).kind, Kind::Copy | Kind::Add));
        if !copies {
            return Err(Refusal::new(
                RefusalClass::NotAnApp,
                "the nginx image copies no site or configuration in: it is a base image, and shipshape converts images that serve something",
                from,
            ));
        }
        let mut server_configs: Vec<String> = Vec::new();
        let mut unread: Vec<String> = Vec::new();
        for i in a.lineage_instructions() {
            if !matches!(a.instruction(i).kind, Kind::Copy | Kind::Add) {
                continue;
            }
            let Some(dest) = a.copy_destination(i) else { continue };
            if dest == "/etc/nginx" || dest == "/etc/nginx/nginx.conf" {
                return Err(self.refuse_at(RefusalClass::BuildChange,
                    format!(
                        "the image replaces nginx's main configuration ({dest}), written for nginx started as root (the `user` directive, the pid file in /var/run, port 80); Chainguard's nginx runs as nonroot with its own nginx.conf: copy only your server block into /etc/nginx/conf.d/ (listening on 8080, with no `user` directive), then convert again",
                        dest = code(&dest)
                    ),
                    i,
                ));
            }
            if is_under(&dest, "/etc/nginx/templates") {
                return Err(self.refuse_at(RefusalClass::BuildChange,
                    "the image puts configuration templates in /etc/nginx/templates, which the nginx image's entrypoint script fills in from the environment (envsubst) at start-up; Chainguard's nginx has no such script: write the final configuration into /etc/nginx/conf.d/ instead, then convert again",
                    i,
                ));
            }
            // nginx reads only conf.d/*.conf besides its main file.
            if is_under(&dest, "/etc/nginx/conf.d") {
                server_configs.push(dest);
            } else if is_under(&dest, "/etc/nginx") {
                unread.push(dest);
            }
        }
        self.runtime = images::runtime(Family::Chainguard, "nginx");
        self.build_name = self.unique_build_name();
        self.copy_app_dirs = true;
        if !unread.is_empty() {
            self.check(format!(
                "{} {} outside the files nginx reads (its nginx.conf and conf.d/*.conf), in the old image and the new one alike, so the default server still serves the site: move {} into /etc/nginx/conf.d/ if it was meant to be used",
                list(&unread),
                if unread.len() == 1 { "is" } else { "are" },
                if unread.len() == 1 { "it" } else { "them" }
            ));
        }
        let old_port = a.root_image.as_ref().map_or(80, images::nginx_port);
        let new_port = self.runtime.and_then(|r| r.port).unwrap_or(8080);
        if server_configs.is_empty() {
            if old_port != new_port {
                self.port_change = Some((old_port, new_port));
                self.check(format!(
                    "nginx now listens on port {new_port} instead of {old_port}: Chainguard's nginx runs as nonroot, and its default server listens on {new_port}. EXPOSE says {new_port}; update what maps the port (`docker run -p 8080:{new_port}`, Compose `ports:`, a Kubernetes `containerPort` and Service `targetPort`)"
                ));
            }
        } else {
            self.check(format!(
                "Your nginx configuration ({}) is kept and decides the port nginx listens on: Chainguard's nginx runs as nonroot, so Docker lets it bind {old_port} but Kubernetes may not; listen on {new_port} and update what maps the port if it fails to start, and keep paths it writes (pid, temp files) out of root-owned directories",
                list(&server_configs)
            ));
        }
        self.launch = NewLaunch::default();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::distroless::{Conversion, Options, RefusalClass, RuntimeFamily, convert};

    fn chainguard() -> Options {
        Options { runtime: RuntimeFamily::Chainguard, ..Options::default() }
    }

    const SITE: &str = "FROM node:22 AS build\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\nFROM nginx:1.27-alpine\nEXPOSE 80\nCOPY --from=build /app/dist /usr/share/nginx/html\n";

    #[test]
    fn the_port_the_runtime_changes_is_exposed_and_named() {
        let Conversion::Converted(c) = convert(SITE, &chainguard()) else { panic!("refused") };
        assert!(c.dockerfile.contains("EXPOSE 8080\n") && !c.dockerfile.contains("EXPOSE 80\n"), "{}", c.dockerfile);
        assert!(c.notes.iter().any(|n| n.message.contains("port 8080 instead of 80")), "{:?}", c.notes);
    }

    #[test]
    fn a_main_configuration_for_root_is_refused() {
        let Conversion::Refused(r) =
            convert("FROM nginx:alpine\nCOPY site /usr/share/nginx/html\nCOPY nginx /etc/nginx\n", &chainguard())
        else {
            panic!("converted")
        };
        assert!(r.reason.contains("main configuration") && r.reason.contains("conf.d"), "{}", r.reason);
    }

    #[test]
    fn distroless_never_switches_to_chainguard_on_its_own() {
        let Conversion::Refused(r) = convert(SITE, &Options::default()) else { panic!("converted") };
        assert_eq!(r.class, RefusalClass::NotPublished);
        assert!(
            r.reason.contains("cgr.dev/chainguard/nginx")
                && r.reason.ends_with("`--runtime chainguard` converts this file"),
            "{}",
            r.reason
        );
        // When Chainguard cannot take the file either, the reason says why, in that class.
        let Conversion::Refused(r) =
            convert("FROM nginx:alpine\nCOPY site /usr/share/nginx/html\nCOPY nginx /etc/nginx\n", &Options::default())
        else {
            panic!("converted")
        };
        assert_eq!(r.class, RefusalClass::BuildChange, "{}", r.reason);
        assert!(r.reason.contains("with `--runtime chainguard` it is refused too"), "{}", r.reason);
    }
}
