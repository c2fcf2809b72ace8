//! `--format gitlab`: GitLab's Code Quality report (a subset of Code Climate's), a JSON array
//! whose fingerprints stay the same while a finding does, so merge requests show only new and
//! fixed ones.

use std::collections::HashMap;

use serde_json::{Value, json};
use shipshape::Severity;

use super::{FileFindings, located};

pub fn render(files: &[FileFindings]) -> String {
    let mut seen: HashMap<u64, u32> = HashMap::new();
    let issues: Vec<Value> = located(files)
        .map(|(file, d, at)| {
            // What the finding is about, not where: a line added above it keeps its fingerprint.
            // The occurrence count keeps two identical findings in one file apart.
            let what = [file.path, d.rule.code, &d.message, d.range.slice(file.source)].join("\0");
            let hash = fnv1a(what.as_bytes());
            let occurrence = seen.entry(hash).or_insert(0);
            *occurrence += 1;
            let fingerprint = format!("{:016x}", fnv1a(format!("{hash:016x}\0{occurrence}").as_bytes()));
            let severity = match d.severity {
                Severity::Error => "critical",
                Severity::Warning => "major",
                Severity::Info => "minor",
                Severity::Style => "info",
            };
            json!({
                "description": format!("{}: {}", d.rule.code, d.message),
                "check_name": d.rule.code,
                "fingerprint": fingerprint,
                "severity": severity,
                "location": { "path": file.path, "lines": { "begin": at.line, "end": at.end_line } },
            })
        })
        .collect();
    format!("{:#}\n", Value::Array(issues))
}

/// FNV-1a, 64 bits: stable across platforms and releases, unlike `std`'s hasher.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_stable() {
        // The value is part of the format's contract: GitLab compares it across pipelines.
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
