//! A small LZ77 compressor for share links. Dockerfiles repeat themselves (`RUN apt-get`,
//! `--no-cache`, paths, stage names), and matches alone shorten them by a fifth to a half; a
//! full deflate would save a little more but cost the page about 30 kB of WebAssembly, a tenth
//! of its download budget.
//!
//! Format: a version byte, then tokens. A token starts with a varint `n`: when `n` is even,
//! `n / 2` literal bytes follow; when odd, it is a match of `n / 2 + MIN_MATCH` bytes at the
//! distance given by the next varint, plus one.

const VERSION: u8 = 1;
const MIN_MATCH: usize = 4;
const HASH_BITS: u32 = 13;

pub fn compress(input: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len() / 2 + 8);
    out.push(VERSION);
    let mut table = vec![usize::MAX; 1 << HASH_BITS];
    let hash = |at: usize| {
        let v = u32::from_le_bytes([input[at], input[at + 1], input[at + 2], input[at + 3]]);
        (v.wrapping_mul(2_654_435_761) >> (32 - HASH_BITS)) as usize
    };
    let mut literal_start = 0;
    let mut i = 0;
    while i + MIN_MATCH <= input.len() {
        let h = hash(i);
        let candidate = table[h];
        table[h] = i;
        if candidate != usize::MAX && input[candidate..candidate + MIN_MATCH] == input[i..i + MIN_MATCH] {
            let mut len = MIN_MATCH;
            while i + len < input.len() && input[candidate + len] == input[i + len] {
                len += 1;
            }
            literals(&mut out, &input[literal_start..i]);
            varint(&mut out, ((len - MIN_MATCH) << 1) | 1);
            varint(&mut out, i - candidate - 1);
            // Index the positions inside the match too, so later text can refer to them.
            for at in i + 1..(i + len).min(input.len().saturating_sub(MIN_MATCH - 1)) {
                table[hash(at)] = at;
            }
            i += len;
            literal_start = i;
        } else {
            i += 1;
        }
    }
    literals(&mut out, &input[literal_start..]);
    out
}

/// The bytes `compress` was given; `None` for damaged input or output over `limit` bytes.
pub fn decompress(input: &[u8], limit: usize) -> Option<Vec<u8>> {
    let (&version, mut rest) = input.split_first()?;
    if version != VERSION {
        return None;
    }
    let mut out = Vec::with_capacity(input.len() * 2);
    while !rest.is_empty() {
        let n = read_varint(&mut rest)?;
        if n & 1 == 0 {
            let len = n >> 1;
            let bytes = rest.get(..len)?;
            out.extend_from_slice(bytes);
            rest = &rest[len..];
        } else {
            let len = (n >> 1).checked_add(MIN_MATCH)?;
            let distance = read_varint(&mut rest)?.checked_add(1)?;
            let start = out.len().checked_sub(distance)?;
            if out.len() + len > limit {
                return None;
            }
            // Byte by byte: a match may overlap the bytes it produces.
            for k in 0..len {
                let byte = out[start + k];
                out.push(byte);
            }
        }
        if out.len() > limit {
            return None;
        }
    }
    Some(out)
}

fn literals(out: &mut Vec<u8>, bytes: &[u8]) {
    if !bytes.is_empty() {
        varint(out, bytes.len() << 1);
        out.extend_from_slice(bytes);
    }
}

fn varint(out: &mut Vec<u8>, mut n: usize) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn read_varint(input: &mut &[u8]) -> Option<usize> {
    let mut n = 0usize;
    for shift in (0..64).step_by(7) {
        let (&byte, rest) = input.split_first()?;
        *input = rest;
        n |= usize::from(byte & 0x7F).checked_shl(shift)?;
        if byte < 0x80 {
            return Some(n);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        let seed = include_str!("../../tests/fixtures/seed-python-alpine.Dockerfile");
        for text in ["", "a", "abcd", "aaaaaaaaaaaaaaaaaaaaaaa", seed, &seed.repeat(20), "héllo ✓ \u{1F600}"] {
            let packed = compress(text.as_bytes());
            assert_eq!(decompress(&packed, 1 << 24).unwrap(), text.as_bytes(), "{text:?}");
        }
        let long = "RUN apt-get install -y curl\n".repeat(200);
        assert!(compress(long.as_bytes()).len() < long.len() / 10);
        let realistic = include_str!("../examples/python-heredoc.Dockerfile");
        let ratio = compress(realistic.as_bytes()).len() as f64 / realistic.len() as f64;
        assert!(ratio < 0.85, "{ratio}");
    }

    #[test]
    fn damaged_input_is_rejected_not_trusted() {
        assert_eq!(decompress(&[], 100), None);
        assert_eq!(decompress(&[2, 0], 100), None);
        assert_eq!(decompress(&[1, 3, 200], 100), None, "a match before any output");
        assert_eq!(decompress(&[1, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], 100), None);
        let bomb = [1u8, 2, b'a', 0xFF, 0xFF, 0x7F, 0];
        assert_eq!(decompress(&bomb, 1000), None, "an expansion over the limit");
    }
}
