//! The command line of the final image. The original's split between ENTRYPOINT and CMD is
//! kept, because it is part of how people run the image: with a CMD alone, `docker run IMAGE
//! other-command` (Compose's `command:`, Kubernetes' `args`) replaces the whole command; with an
//! ENTRYPOINT, it replaces only the arguments. A runtime image's own ENTRYPOINT (`python3.13`,
//! `node`, `java -jar`) would change that, so a CMD-only original gets `ENTRYPOINT []` and the
//! full command in CMD.

use super::*;

/// The new ENTRYPOINT and CMD for a command line `argv` whose first `split` words came from
/// ENTRYPOINT, on an image whose own ENTRYPOINT is `image_entry`.
pub(super) fn fit_launch(argv: &[String], split: usize, image_entry: &[&str]) -> NewLaunch {
    let split = split.min(argv.len());
    let mut launch = NewLaunch::default();
    if split == 0 {
        if !image_entry.is_empty() {
            launch.entrypoint = Some(Vec::new());
        }
    } else {
        launch.entrypoint = Some(argv[..split].to_vec());
    }
    if argv.len() > split {
        launch.cmd = Some(argv[split..].to_vec());
    }
    launch
}

impl Planner<'_, '_> {
    /// Sets the new command line from the adapted `argv` (its first `split` words from
    /// ENTRYPOINT), and says how it relates to the runtime image's own entrypoint.
    pub(super) fn set_launch(&mut self, argv: Vec<String>, split: usize) {
        let Some(runtime) = self.runtime else { return };
        self.launch = fit_launch(&argv, split, runtime.entrypoint);
        if split == 0
            && !runtime.entrypoint.is_empty()
            && let Some(base) = self.a.launch.inherited.clone()
        {
            self.note(format!(
                "The original ran the command of its base image `{base}` (`{}`), which `docker run IMAGE other-command` replaced; `ENTRYPOINT []` clears the entrypoint of `{}` (`{}`), so CMD holds the whole command and that still works",
                self.a.launch.argv().join(" "),
                self.runtime_name(),
                runtime.entrypoint.join(" ")
            ));
        } else if split == 0 && !runtime.entrypoint.is_empty() {
            self.note(format!(
                "The original was started by CMD alone, so `docker run IMAGE other-command` replaced the whole command; `ENTRYPOINT []` clears the entrypoint of `{}` (`{}`), so CMD holds the whole command and that still works",
                self.runtime_name(),
                runtime.entrypoint.join(" ")
            ));
        }
    }
}

impl NewLaunch {
    /// The ENTRYPOINT and CMD lines, in exec form.
    pub(super) fn lines(&self) -> Vec<String> {
        let mut lines = Vec::new();
        if let Some(e) = &self.entrypoint {
            lines.push(format!("ENTRYPOINT {}", exec_form(e)));
        }
        if let Some(c) = &self.cmd {
            lines.push(format!("CMD {}", exec_form(c)));
        }
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn a_cmd_only_image_stays_cmd_only() {
        let python = ["/usr/bin/python3.13"];
        let l = fit_launch(&s(&["/venv/bin/gunicorn", "app:app"]), 0, &python);
        assert_eq!(
            (l.entrypoint.clone(), l.cmd.clone()),
            (Some(Vec::new()), Some(s(&["/venv/bin/gunicorn", "app:app"])))
        );
        assert_eq!(l.lines(), ["ENTRYPOINT []", "CMD [\"/venv/bin/gunicorn\", \"app:app\"]"]);
        let l = fit_launch(&s(&["/server", "--port", "80"]), 0, &[]);
        assert_eq!((l.entrypoint, l.cmd), (None, Some(s(&["/server", "--port", "80"]))));
    }

    #[test]
    fn an_entrypoint_keeps_its_words_and_cmd_its_arguments() {
        let java = ["/usr/bin/java", "-jar"];
        let l = fit_launch(&s(&["/usr/bin/java", "-jar", "/app.jar", "--port", "80"]), 3, &java);
        assert_eq!(
            (l.entrypoint, l.cmd),
            (Some(s(&["/usr/bin/java", "-jar", "/app.jar"])), Some(s(&["--port", "80"])))
        );
        let l = fit_launch(&s(&["/server"]), 1, &[]);
        assert_eq!((l.entrypoint, l.cmd), (Some(s(&["/server"])), None));
    }
}
