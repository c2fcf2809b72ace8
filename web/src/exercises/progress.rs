//! A learner's progress, kept in the browser (localStorage) and nowhere else: which exercises
//! are done, and the Dockerfile and `.dockerignore` being worked on in each. One key per
//! course: `shipshape.course.<course key>` holds the done exercises, one id a line;
//! `shipshape.draft.<course key>.<exercise id>` holds a draft as
//! `<dockerignore length>\n<dockerignore><dockerfile>`.
//! When storage is unavailable (private windows, blocked cookies) everything still works for
//! the visit.

use super::Files;

const PREFIX: &str = "shipshape.";

/// A short stable key for a course: `default` for the built-in one, else a hash of its text.
pub fn course_key(text: Option<&str>) -> String {
    match text {
        None => "default".to_string(),
        Some(text) => {
            // FNV-1a: stable across builds and browsers, unlike the standard hasher.
            let hash =
                text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
            format!("c{hash:016x}")
        }
    }
}

fn storage() -> Option<web_sys::Storage> {
    gloo::utils::window().local_storage().ok().flatten()
}

fn done_key(course: &str) -> String {
    format!("{PREFIX}course.{course}")
}

fn draft_key(course: &str, exercise: &str) -> String {
    format!("{PREFIX}draft.{course}.{exercise}")
}

/// The ids of the exercises marked done.
pub fn done(course: &str) -> Vec<String> {
    let text = storage().and_then(|s| s.get_item(&done_key(course)).ok().flatten()).unwrap_or_default();
    parse_done(&text)
}

pub fn parse_done(text: &str) -> Vec<String> {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect()
}

pub fn mark_done(course: &str, exercise: &str) {
    let mut ids = done(course);
    if !ids.iter().any(|id| id == exercise) {
        ids.push(exercise.to_string());
        if let Some(s) = storage() {
            let _ = s.set_item(&done_key(course), &ids.join("\n"));
        }
    }
}

pub fn draft(course: &str, exercise: &str) -> Option<Files> {
    storage().and_then(|s| s.get_item(&draft_key(course, exercise)).ok().flatten()).and_then(|t| decode_draft(&t))
}

pub fn save_draft(course: &str, exercise: &str, files: &Files) {
    if let Some(s) = storage() {
        let _ = s.set_item(&draft_key(course, exercise), &encode_draft(files));
    }
}

pub fn forget_draft(course: &str, exercise: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(&draft_key(course, exercise));
    }
}

/// Forgets the course's progress and drafts.
pub fn reset(course: &str, exercises: &[String]) {
    if let Some(s) = storage() {
        let _ = s.remove_item(&done_key(course));
        for id in exercises {
            let _ = s.remove_item(&draft_key(course, id));
        }
    }
}

pub fn encode_draft(files: &Files) -> String {
    format!("{}\n{}{}", files.dockerignore.len(), files.dockerignore, files.dockerfile)
}

pub fn decode_draft(text: &str) -> Option<Files> {
    let (len, rest) = text.split_once('\n')?;
    let len: usize = len.parse().ok()?;
    let dockerignore = rest.get(..len)?;
    let dockerfile = rest.get(len..)?;
    Some(Files { dockerfile: dockerfile.to_string(), dockerignore: dockerignore.to_string() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drafts_round_trip() {
        for (dockerfile, dockerignore) in [("FROM a\n", ""), ("", ".git\n.env\n"), ("FROM ✓\n12\n", "é\n")] {
            let files = Files { dockerfile: dockerfile.into(), dockerignore: dockerignore.into() };
            assert_eq!(decode_draft(&encode_draft(&files)), Some(files));
        }
        assert_eq!(decode_draft("x"), None);
        assert_eq!(decode_draft("99\nshort"), None);
    }

    #[test]
    fn keys() {
        assert_eq!(course_key(None), "default");
        assert_eq!(course_key(Some("abc")), course_key(Some("abc")));
        assert_ne!(course_key(Some("abc")), course_key(Some("abd")));
        assert_eq!(parse_done("a\n\n b \n"), ["a", "b"]);
    }
}
