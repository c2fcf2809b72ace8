//! The command line of the final image, fitted to the runtime image's own ENTRYPOINT.

use super::*;

/// The new ENTRYPOINT and CMD for a command line `argv` whose first `split` words came from
/// ENTRYPOINT, on an image whose own ENTRYPOINT is `image_entry`.
pub(super) fn adapt_launch(argv: &[String], split: usize, image_entry: &[String]) -> NewLaunch {
    let mut launch = NewLaunch::default();
    let n = image_entry.len();
    if n > 0 && argv.len() >= n && argv[..n] == *image_entry && split <= n {
        let rest = argv[n..].to_vec();
        if !rest.is_empty() {
            launch.cmd = Some(rest);
        }
        return launch;
    }
    let k = if n == 0 { split } else { split.max(1) };
    if k > 0 {
        launch.entrypoint = Some(argv[..k.min(argv.len())].to_vec());
    }
    if argv.len() > k {
        launch.cmd = Some(argv[k..].to_vec());
    }
    launch
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn launch_follows_the_image_entrypoint() {
        let python = s(&["/usr/bin/python3.13"]);
        let l = adapt_launch(&s(&["/usr/bin/python3.13", "app.py"]), 0, &python);
        assert_eq!((l.entrypoint, l.cmd), (None, Some(s(&["app.py"]))));
        let l = adapt_launch(&s(&["/venv/bin/python3", "app.py"]), 0, &python);
        assert_eq!((l.entrypoint, l.cmd), (Some(s(&["/venv/bin/python3"])), Some(s(&["app.py"]))));
        let l = adapt_launch(&s(&["/venv/bin/gunicorn", "app:app"]), 1, &python);
        assert_eq!((l.entrypoint, l.cmd), (Some(s(&["/venv/bin/gunicorn"])), Some(s(&["app:app"]))));
        let l = adapt_launch(&s(&["/server", "--port", "80"]), 0, &[]);
        assert_eq!((l.entrypoint, l.cmd), (None, Some(s(&["/server", "--port", "80"]))));
        let l = adapt_launch(&s(&["/server", "--port", "80"]), 1, &[]);
        assert_eq!((l.entrypoint, l.cmd), (Some(s(&["/server"])), Some(s(&["--port", "80"]))));
    }
}
