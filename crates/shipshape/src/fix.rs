//! Fixes as data, and applying them: ruff's model of edits with an applicability.

use crate::text::TextRange;

/// How safe a fix is to apply without review. Ordered, so "apply everything at or above X" is a
/// comparison.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Applicability {
    /// Shown to the user, never applied automatically.
    DisplayOnly,
    /// May change what the build does; applied only when asked (`--unsafe`).
    Unsafe,
    /// Keeps the build's behaviour; applied by default.
    Safe,
}

impl Applicability {
    pub const fn as_str(self) -> &'static str {
        match self {
            Applicability::DisplayOnly => "display-only",
            Applicability::Unsafe => "unsafe",
            Applicability::Safe => "safe",
        }
    }
}

/// Replace `range` with `content`: an insertion when the range is empty, a deletion when the
/// content is.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Edit {
    pub range: TextRange,
    pub content: String,
}

impl Edit {
    pub fn insert(at: u32, content: impl Into<String>) -> Edit {
        Edit { range: TextRange::empty(at), content: content.into() }
    }

    pub fn replace(range: TextRange, content: impl Into<String>) -> Edit {
        Edit { range, content: content.into() }
    }

    pub fn delete(range: TextRange) -> Edit {
        Edit { range, content: String::new() }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub applicability: Applicability,
    /// What the fix does, as an imperative sentence: "Add `--no-cache-dir`".
    pub title: String,
    /// Non-overlapping edits, sorted by position; insertions at the same place in the order
    /// their texts appear (the order an LSP client applies them in). Private, so that nothing
    /// but [`Fix::new`], which sorts them, can set them.
    edits: Vec<Edit>,
}

impl Fix {
    pub fn new(applicability: Applicability, title: impl Into<String>, mut edits: Vec<Edit>) -> Fix {
        // By position only, keeping the order of insertions at one place (sorting by text too
        // put `\nUSER app` before ` --chown=app`). An insertion sort: a fix's edits are few and
        // come nearly in order, and a sort routine of their own cost the page 3 kB.
        for i in 1..edits.len() {
            let mut j = i;
            while j > 0 && edits[j - 1].range > edits[j].range {
                edits.swap(j - 1, j);
                j -= 1;
            }
        }
        Fix { applicability, title: title.into(), edits }
    }

    /// The edits, sorted by position.
    pub fn edits(&self) -> &[Edit] {
        &self.edits
    }

    pub fn safe(title: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix::new(Applicability::Safe, title, edits)
    }

    pub fn unsafe_edit(title: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix::new(Applicability::Unsafe, title, edits)
    }

    /// The range covering all edits.
    pub fn range(&self) -> Option<TextRange> {
        let first = self.edits.first()?;
        Some(self.edits.iter().fold(first.range, |acc, e| acc.cover(e.range)))
    }
}

/// The edits taken for a pass, pairwise non-overlapping, by position. Whether a new edit
/// overlaps one of them is a look at its neighbours: asking every taken edit made fixing a
/// file with a finding on every line quadratic. Sorted vectors, not trees: fixes come in order
/// of position, so an edit is nearly always inserted at the end, and the page's download is
/// 3 kB smaller without a B-tree.
#[derive(Default)]
struct Taken {
    /// Sorted by range; each range once.
    edits: Vec<Edit>,
    /// The non-empty ranges, sorted and disjoint: only the last one starting before an edit
    /// can reach into it.
    spans: Vec<TextRange>,
}

impl Taken {
    /// True when `edit` overlaps a taken edit other than itself.
    fn conflicts(&self, edit: &Edit) -> bool {
        let range = edit.range;
        let same = self.same_range(range);
        if !same.is_empty() {
            // The same replacement again goes with it (replacing a text twice is replacing it
            // once); another text does not. Neither does another fix's insertion, even of the
            // same text: two fixes that each insert `"` at one place mean two quotes
            // (`"${A}""${B}"`), which only the next pass, reading the new text, can tell from one.
            return range.is_empty() || !same.iter().any(|e| e.content == edit.content);
        }
        // Those starting inside the edit: the first one that starts strictly inside a
        // non-empty edit overlaps it, so this stops within a few steps.
        let from = self.edits.partition_point(|e| e.range < TextRange::empty(range.start));
        let starting_inside = self.edits[from..].iter().map(|e| e.range).take_while(|r| r.start <= range.end);
        let before = self.spans.partition_point(|s| *s < TextRange::empty(range.start));
        let before = before.checked_sub(1).map(|k| self.spans[k]);
        starting_inside.chain(before).any(|r| r.overlaps(range))
    }

    /// The taken edits of exactly `range`: several when one fix inserts more than one text at
    /// the same place (a `--chown` after `COPY` and a `USER` line, at the end of a file).
    fn same_range(&self, range: TextRange) -> &[Edit] {
        let start = self.edits.partition_point(|e| e.range < range);
        let end = self.edits.partition_point(|e| e.range <= range);
        &self.edits[start..end]
    }

    /// Takes `edit` after the edits of the same range, so that a fix's insertions at one place
    /// come out in its order; the same replacement proposed again is taken once.
    fn insert(&mut self, edit: &Edit) {
        let range = edit.range;
        if !range.is_empty() {
            let at = self.spans.partition_point(|s| *s < range);
            if self.spans.get(at) != Some(&range) {
                self.spans.insert(at, range);
            }
        }
        if range.is_empty() || !self.same_range(range).iter().any(|e| e.content == edit.content) {
            let end = self.edits.partition_point(|e| e.range <= range);
            self.edits.insert(end, edit.clone());
        }
    }
}

/// The edits of the `applied` fixes (indices [`apply`] returned), in the order `apply` wrote
/// them: by position, a replacement proposed twice once. (Built as `apply` builds them rather
/// than sorted: one routine less in the playground's WebAssembly.)
pub(crate) fn applied_edits(fixes: &[&Fix], applied: &[usize]) -> Vec<Edit> {
    let mut taken = Taken::default();
    for &i in applied {
        for edit in &fixes[i].edits {
            taken.insert(edit);
        }
    }
    taken.edits
}

/// Applies as many of `fixes` as can go together: in order of position, skipping a fix whose
/// edits overlap one already taken or insert where another fix inserts (it is regenerated on
/// the next pass of the fix loop), and applying a replacement proposed twice only once.
/// Returns the new text and the indices of the fixes applied.
pub fn apply(source: &str, fixes: &[&Fix]) -> (String, Vec<usize>) {
    let mut order: Vec<usize> = (0..fixes.len()).filter(|&i| !fixes[i].edits.is_empty()).collect();
    order.sort_by_key(|&i| fixes[i].range().map(|r| (r.start, r.end)));
    let mut taken = Taken::default();
    let mut applied = Vec::new();
    for i in order {
        let fix = fixes[i];
        if fix.edits.iter().any(|e| taken.conflicts(e)) {
            continue;
        }
        for edit in &fix.edits {
            taken.insert(edit);
        }
        applied.push(i);
    }
    let taken = taken.edits;
    let mut output = String::with_capacity(source.len() + taken.iter().map(|e| e.content.len()).sum::<usize>());
    let mut last = 0usize;
    for edit in &taken {
        let range = edit.range.as_usize();
        if range.start < last || range.end > source.len() {
            continue;
        }
        output.push_str(&source[last..range.start]);
        output.push_str(&edit.content);
        last = range.end;
    }
    output.push_str(&source[last..]);
    (output, applied)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn applies_non_overlapping_and_skips_overlaps() {
        let source = "RUN pip install flask";
        let a = Fix::safe("a", vec![Edit::insert(15, " --no-cache-dir")]);
        let b = Fix::safe("b", vec![Edit::replace(TextRange::new(4, 21), "true")]);
        let c = Fix::safe("c", vec![Edit::replace(TextRange::new(0, 3), "run")]);
        let (out, applied) = apply(source, &[&a, &b, &c]);
        // `b` starts before `a` and swallows its insertion point, so `a` waits for the next pass.
        assert_eq!(out, "run true");
        assert_eq!(applied, vec![2, 1]);
    }

    #[test]
    fn a_fixs_insertions_at_one_place_all_apply_in_its_order() {
        // A file ending in `COPY`: the user fix's `--chown` after the keyword and its `USER`
        // line are both insertions at the end. The second was dropped (found by the lsp fuzz
        // target: the editor, applying every edit, got another file than the CLI).
        let source = "COPY";
        let a = Fix::safe("a", vec![Edit::insert(4, " --chown=app:app"), Edit::insert(4, "\nUSER app")]);
        let again = Fix::safe("again", vec![Edit::insert(4, "\nUSER app")]);
        let other = Fix::safe("other", vec![Edit::insert(4, "\nUSER root")]);
        let (out, applied) = apply(source, &[&a, &again, &other]);
        assert_eq!(out, "COPY --chown=app:app\nUSER app");
        assert_eq!(applied, vec![0]);
    }

    #[test]
    fn an_identical_replacement_applies_once_and_an_identical_insertion_waits() {
        let source = "FROM a\nRUN apt install x\n";
        let a = Fix::safe("a", vec![Edit::replace(TextRange::new(11, 14), "apt-get")]);
        let (out, applied) = apply(source, &[&a, &a.clone()]);
        assert_eq!(out, "FROM a\nRUN apt-get install x\n");
        assert_eq!(applied.len(), 2);
        // Two fixes that each insert `"` at one place mean two quotes: quoting `$A` and `$B`
        // in `$A$B`. Merged, they left one, and `"$A"$B"` reads differently; the second waits
        // for the next pass, which sees the first one's quote.
        let source = "RUN x $A$B";
        let a = Fix::safe("a", vec![Edit::insert(6, "\""), Edit::insert(8, "\"")]);
        let b = Fix::safe("b", vec![Edit::insert(8, "\""), Edit::insert(10, "\"")]);
        let (out, applied) = apply(source, &[&a, &b]);
        assert_eq!(out, "RUN x \"$A\"$B");
        assert_eq!(applied, vec![0]);
    }
}
