//! What the fuzz targets share: turning libFuzzer's bytes into text, and failing with the
//! property that broke. The properties themselves are the core's (`shipshape::invariants`),
//! the same functions the property tests assert.

use std::borrow::Cow;

/// The input as text. The front ends refuse bytes that are not UTF-8 before the core sees
/// them, so invalid sequences become U+FFFD: the core is fuzzed with the text it can get,
/// and mutations of multi-byte characters still reach it.
pub fn text(data: &[u8]) -> Cow<'_, str> {
    String::from_utf8_lossy(data)
}

/// Fails the run (libFuzzer saves the input) when a property does not hold.
pub fn holds<T>(property: &str, result: Result<T, String>) -> T {
    match result {
        Ok(value) => value,
        Err(why) => panic!("{property}: {why}"),
    }
}

/// Splits `data` at `0xFF` bytes, which never occur in UTF-8 text: the first part is the
/// Dockerfile, the others drive what the target does with it.
pub fn parts(data: &[u8]) -> Vec<&[u8]> {
    data.split(|&b| b == 0xFF).collect()
}
