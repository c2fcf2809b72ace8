//! A small line diff (longest common subsequence) for the Fixed tab. Dockerfiles are short,
//! and the fixed text differs from the input in a few lines, so this stays cheap.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change<'a> {
    Same(&'a str),
    Removed(&'a str),
    Added(&'a str),
}

/// Line changes from `old` to `new`. Common prefix and suffix are trimmed first, so the
/// quadratic table covers only the changed middle; above a size bound the middle is shown as
/// removed then added.
pub fn lines<'a>(old: &'a str, new: &'a str) -> Vec<Change<'a>> {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..].iter().rev().zip(b[prefix..].iter().rev()).take_while(|(x, y)| x == y).count();
    let (ma, mb) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    let mut out: Vec<Change> = a[..prefix].iter().map(|l| Change::Same(l)).collect();
    if ma.len() * mb.len() > 4_000_000 {
        out.extend(ma.iter().map(|l| Change::Removed(l)));
        out.extend(mb.iter().map(|l| Change::Added(l)));
    } else {
        // lcs[i][j]: length of the LCS of ma[i..] and mb[j..].
        let w = mb.len() + 1;
        let mut lcs = vec![0u32; (ma.len() + 1) * w];
        for i in (0..ma.len()).rev() {
            for j in (0..mb.len()).rev() {
                lcs[i * w + j] = if ma[i] == mb[j] {
                    lcs[(i + 1) * w + j + 1] + 1
                } else {
                    lcs[(i + 1) * w + j].max(lcs[i * w + j + 1])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < ma.len() || j < mb.len() {
            if i < ma.len() && j < mb.len() && ma[i] == mb[j] {
                out.push(Change::Same(ma[i]));
                i += 1;
                j += 1;
            } else if j < mb.len() && (i == ma.len() || lcs[i * w + j + 1] > lcs[(i + 1) * w + j]) {
                out.push(Change::Added(mb[j]));
                j += 1;
            } else {
                out.push(Change::Removed(ma[i]));
                i += 1;
            }
        }
    }
    out.extend(a[a.len() - suffix..].iter().map(|l| Change::Same(l)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diffs_lines() {
        let changes =
            lines("FROM a\nRUN pip install x\nCMD x\n", "FROM a\nENV A=1\nRUN pip install --no-cache-dir x\nCMD x\n");
        assert_eq!(
            changes,
            [
                Change::Same("FROM a"),
                Change::Removed("RUN pip install x"),
                Change::Added("ENV A=1"),
                Change::Added("RUN pip install --no-cache-dir x"),
                Change::Same("CMD x"),
            ]
        );
        assert_eq!(lines("a\n", "a\n"), [Change::Same("a")]);
    }
}
