//! `--format text`, the default: each finding as rustc shows an error, then a one-line summary.

use shipshape::Applicability;
use shipshape::render::Color;

use super::FileFindings;

pub fn render(files: &[FileFindings], color: Color) -> String {
    let mut out = String::new();
    for file in files {
        out.push_str(&shipshape::render::diagnostics(file.source, file.path, file.diagnostics, color));
    }
    let all = || files.iter().flat_map(|f| f.diagnostics);
    let fixable = |level| all().filter(|d| d.fix.as_ref().is_some_and(|f| f.applicability == level)).count();
    let (total, safe, unsafe_) = (all().count(), fixable(Applicability::Safe), fixable(Applicability::Unsafe));
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    if total == 0 {
        out.push_str(&format!("No problems found in {} file{}.\n", files.len(), plural(files.len())));
    } else {
        out.push_str(&format!(
            "Found {total} problem{} in {} file{}: {safe} fixable with `shipshape fix`, {unsafe_} more with `shipshape fix --unsafe`.\n",
            plural(total),
            files.len(),
            plural(files.len())
        ));
    }
    out
}
