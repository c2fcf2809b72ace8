//! JSON-RPC over a byte stream, the base protocol's framing (`Content-Length` headers), for
//! standard input and output.
//!
//! `lsp_server`'s own stdio transport stops reading at the first malformed message; a client's
//! bug must not take the server down, so this one answers what it cannot read with a JSON-RPC
//! error (`-32700` for a body that is not JSON, `-32600` for JSON that is no message) and reads
//! on.

use std::io::{self, BufRead, Read, Write};
use std::sync::{Arc, Mutex};
use std::thread;

use crossbeam_channel::Sender;
use lsp_server::{Connection, ErrorCode, Message};
use serde_json::{Value, json};

/// The threads behind a stream transport.
pub struct IoThreads {
    writer: thread::JoinHandle<io::Result<()>>,
}

impl IoThreads {
    /// Waits until everything the server sent is written. The reader thread is not waited
    /// for: after `exit` it has stopped, and otherwise it may be blocked on input forever.
    pub fn join(self) -> io::Result<()> {
        self.writer.join().unwrap_or_else(|_| Err(io::Error::other("the writer thread panicked")))
    }
}

/// A connection over standard input and output.
pub fn stdio() -> (Connection, IoThreads) {
    stream(io::BufReader::new(io::stdin()), io::stdout())
}

/// A connection over any pair of streams (a pipe in tests).
pub fn stream<R, W>(input: R, output: W) -> (Connection, IoThreads)
where
    R: BufRead + Send + 'static,
    W: Write + Send + 'static,
{
    let (server, transport) = Connection::memory();
    let output = Arc::new(Mutex::new(output));
    let reader_output = Arc::clone(&output);
    let to_server = transport.sender;
    // Detached: see `IoThreads::join`.
    let _reader = thread::Builder::new()
        .name("shipshape-lsp-reader".to_string())
        .spawn(move || read_loop(input, &to_server, &reader_output))
        .expect("a thread can be started");
    let from_server = transport.receiver;
    let writer = thread::Builder::new()
        .name("shipshape-lsp-writer".to_string())
        .spawn(move || {
            for message in from_server {
                let mut out = output.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                message.write(&mut *out)?;
            }
            Ok(())
        })
        .expect("a thread can be started");
    (server, IoThreads { writer })
}

fn read_loop<R: BufRead, W: Write>(mut input: R, to_server: &Sender<Message>, output: &Mutex<W>) {
    loop {
        let body = match read_frame(&mut input, MAX_BODY) {
            Ok(Frame::Body(body)) => body,
            Ok(Frame::End) => return,
            Ok(Frame::Unreadable(reason)) => {
                write_error(output, Value::Null, ErrorCode::ParseError, &reason);
                continue;
            }
            Err(error) => {
                eprintln!("shipshape server: cannot read the client's messages: {error}");
                return;
            }
        };
        match decode(&body) {
            Ok(message) => {
                let is_exit = matches!(&message, Message::Notification(n) if n.method == "exit");
                if to_server.send(message).is_err() || is_exit {
                    return;
                }
            }
            Err((id, code, reason)) => write_error(output, id, code, &reason),
        }
    }
}

enum Frame {
    Body(Vec<u8>),
    /// A message that cannot be read (no usable `Content-Length`, or a body larger than the
    /// server reads), skipped as far as it can be found.
    Unreadable(String),
    End,
}

/// The largest body read: a 64 MB Dockerfile in a `didOpen`, with room for JSON's escapes.
/// A larger one is skipped, not allocated.
const MAX_BODY: usize = 512 << 20;

/// A header line longer than this is not a header.
const MAX_HEADER_LINE: u64 = 8 << 10;

/// Reads one message's headers and body. Header lines may end in `\r\n` (the protocol) or a
/// bare `\n` (hand-written test input); bytes that are not UTF-8 make a header unusable, not
/// the stream.
fn read_frame(input: &mut impl BufRead, max_body: usize) -> io::Result<Frame> {
    let mut length: Option<Result<usize, String>> = None;
    let mut line = Vec::new();
    let mut saw_header = false;
    loop {
        line.clear();
        if Read::take(&mut *input, MAX_HEADER_LINE).read_until(b'\n', &mut line)? == 0 {
            return Ok(Frame::End);
        }
        let text = String::from_utf8_lossy(&line);
        let header = text.trim_end_matches(['\r', '\n']);
        if header.is_empty() {
            if saw_header {
                break;
            }
            // Blank lines between messages.
            continue;
        }
        saw_header = true;
        if let Some((name, value)) = header.split_once(':')
            && name.trim().eq_ignore_ascii_case("content-length")
        {
            length = Some(value.trim().parse().map_err(|_| format!("invalid Content-Length `{}`", value.trim())));
        }
    }
    let length = match length {
        Some(Ok(length)) => length,
        Some(Err(reason)) => return Ok(Frame::Unreadable(reason)),
        None => return Ok(Frame::Unreadable("a message without a Content-Length header".to_string())),
    };
    if length > max_body {
        io::copy(&mut Read::take(&mut *input, length as u64), &mut io::sink())?;
        return Ok(Frame::Unreadable(format!("a message of {length} bytes; shipshape reads up to {max_body}")));
    }
    let mut body = vec![0; length];
    input.read_exact(&mut body)?;
    Ok(Frame::Body(body))
}

/// A message from a body, or the id (when it can be read) and the error to answer with.
fn decode(body: &[u8]) -> Result<Message, (Value, ErrorCode, String)> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| (Value::Null, ErrorCode::ParseError, format!("the message is not JSON: {e}")))?;
    let id = match value.get("id") {
        Some(id @ (Value::Number(_) | Value::String(_))) => id.clone(),
        _ => Value::Null,
    };
    serde_json::from_value(value).map_err(|e| {
        (id, ErrorCode::InvalidRequest, format!("the message is not a JSON-RPC request, response or notification: {e}"))
    })
}

fn write_error<W: Write>(output: &Mutex<W>, id: Value, code: ErrorCode, reason: &str) {
    let text = json!({ "jsonrpc": "2.0", "id": id, "error": { "code": code as i32, "message": reason } }).to_string();
    let mut out = output.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let _ = write!(out, "Content-Length: {}\r\n\r\n{text}", text.len()).and_then(|()| out.flush());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(bytes: &[u8], max_body: usize) -> Vec<String> {
        let mut input = io::BufReader::new(bytes);
        let mut out = Vec::new();
        loop {
            match read_frame(&mut input, max_body).expect("no I/O error") {
                Frame::Body(body) => out.push(String::from_utf8_lossy(&body).to_string()),
                Frame::Unreadable(reason) => out.push(format!("unreadable: {reason}")),
                Frame::End => return out,
            }
        }
    }

    #[test]
    fn unreadable_messages_are_skipped_and_reading_goes_on() {
        let mut bytes = b"Content-Length: 20\r\n\r\n01234567890123456789".to_vec();
        bytes.extend_from_slice(b"\xff\xfe garbage\r\n\r\n");
        bytes.extend_from_slice(b"Content-Length: x\r\n\r\n");
        bytes.extend_from_slice(b"\r\ncontent-length:  2 \nContent-Type: utf8\n\n{}");
        assert_eq!(
            frames(&bytes, 10),
            [
                "unreadable: a message of 20 bytes; shipshape reads up to 10",
                "unreadable: a message without a Content-Length header",
                "unreadable: invalid Content-Length `x`",
                "{}",
            ]
        );
    }
}
