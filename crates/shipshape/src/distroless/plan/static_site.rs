//! Static sites served by nginx: Chainguard's nginx, which has no shell and runs as nonroot.

use super::*;

impl Planner<'_, '_> {
    // ----- Static web sites -----

    pub(super) fn static_web(&mut self) -> Result<(), Refusal> {
        let a = self.a;
        let from = a.model.stages[a.final_stage].from.map(|f| a.instruction(f).range);
        let copies =
            a.lineage_instructions().into_iter().any(|i| matches!(a.instruction(i).kind, Kind::Copy | Kind::Add));
        if !copies {
            return Err(Refusal::new(
                "the nginx image copies no site or configuration in: it is a base image, and shipshape converts images that serve something",
                from,
            ));
        }
        let installs: Vec<String> = analyze::installed_packages(a, &a.lineage)
            .into_iter()
            .filter(|p| !packages::is_build_only(p) && !packages::is_in_distroless(p))
            .collect();
        if !installs.is_empty() {
            return Err(Refusal::new(
                format!(
                    "the nginx image installs {} with its package manager, which a static site on Chainguard's nginx cannot have: it is more than a static site",
                    list(&installs)
                ),
                from,
            ));
        }
        self.runtime = images::runtime(Family::Chainguard, "nginx");
        self.build_name = self.unique_build_name();
        self.copy_app_dirs = true;
        if self.options.runtime == RuntimeFamily::Distroless {
            self.note(
                "distroless has no web server image: the site is served by Chainguard's nginx (`cgr.dev/chainguard/nginx`), which has no shell or package manager and runs as nonroot (uid 65532)",
            );
        }
        self.check(
            "Chainguard's nginx runs as nonroot with its own configuration: check the port it listens on (its default server listens on 8080), and that a custom nginx.conf needs no root (no `user` directive, pid and temp files in writable paths)",
        );
        self.launch = NewLaunch::default();
        Ok(())
    }
}
