//! A whole editing session against the real server (`ipcls::lsp::serve`, in process, over an
//! in-memory stream: the code path of `ipcls server`): a document of the `demo` fixture is opened,
//! then random incremental `didChange` edits (random ranges, in and out of bounds, multi-byte and
//! astral characters, CRLF, empty and whole-document edits) are interleaved with random requests at
//! random positions and cancellations.
//!
//! Checked: nothing panics (libFuzzer aborts on any panic, even one the server catches), no
//! request fails with an internal error, every workspace edit is versioned and non-overlapping,
//! and at the end the index built incrementally equals the one built after a full resync of the
//! same text (so the server's buffer equals the client's).

#![no_main]

use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader, DuplexStream, ReadHalf, WriteHalf};

const DOCS: [&str; 3] = ["src/renderer/app.ts", "src/main/ipc.ts", "proto/notes.proto"];

const SNIPPETS: &[&str] = &[
    "",
    "\r\n",
    "\n",
    "ipcRenderer.invoke('notes:get', 1);\n",
    "ipcMain.handle('notes:néw', () => 1);\n",
    "window.notes.get('😀')",
    "'notes:get'",
    "`notes:${x}`",
    "import { ipcMain } from 'electron';\n",
    "rpc Get(A) returns (A);",
    "service Notes {",
    "{",
    "}",
    "(",
    "'",
];

const CHARS: &[char] =
    &['a', ' ', '\n', '\r', '\'', '`', '(', ')', '{', '}', ':', 'é', '–', '😀', '𝕏', '\u{2028}', '\t'];

#[derive(Arbitrary, Debug)]
enum Piece {
    Snippet(u8),
    Chars(Vec<u8>),
    Raw(String),
}

impl Piece {
    fn text(&self) -> String {
        match self {
            Piece::Snippet(i) => SNIPPETS[*i as usize % SNIPPETS.len()].to_string(),
            Piece::Chars(bytes) => bytes.iter().take(16).map(|b| CHARS[*b as usize % CHARS.len()]).collect(),
            Piece::Raw(s) => s.chars().take(32).collect(),
        }
    }
}

#[derive(Arbitrary, Debug)]
enum Op {
    Edit { start: (u16, u16), end: (u16, u16), text: Piece },
    EditMany(Vec<((u16, u16), (u16, u16), Piece)>),
    Full(Piece),
    Request { kind: u8, at: (u16, u16), to: (u16, u16), piece: Piece },
    Cancel(i16),
}

#[derive(Arbitrary, Debug)]
struct Session {
    doc: u8,
    ops: Vec<Op>,
}

struct Harness {
    runtime: tokio::runtime::Runtime,
    conn: Mutex<Conn>,
    root: PathBuf,
}

struct Conn {
    writer: WriteHalf<DuplexStream>,
    reader: BufReader<ReadHalf<DuplexStream>>,
    next_id: i64,
    version: i32,
}

impl Conn {
    async fn send(&mut self, msg: Value) {
        let body = serde_json::to_string(&msg).expect("JSON");
        let frame = format!("Content-Length: {}\r\n\r\n{}", body.len(), body);
        self.writer.write_all(frame.as_bytes()).await.expect("server gone");
    }

    async fn read(&mut self) -> Value {
        let mut length = None;
        loop {
            let mut line = String::new();
            let n = self.reader.read_line(&mut line).await.expect("read");
            assert!(n > 0, "the server closed its output");
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(v) = line.strip_prefix("Content-Length: ") {
                length = v.parse::<usize>().ok();
            }
        }
        let mut body = vec![0; length.expect("Content-Length")];
        self.reader.read_exact(&mut body).await.expect("body");
        serde_json::from_slice(&body).expect("the server wrote invalid JSON")
    }

    async fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params})).await;
    }

    /// Sends a request and returns its response, answering the server's own requests meanwhile.
    async fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params})).await;
        loop {
            let msg = self.read().await;
            if msg.get("method").is_some() {
                if let Some(server_id) = msg.get("id") {
                    let reply = json!({"jsonrpc": "2.0", "id": server_id, "result": null});
                    self.send(reply).await;
                }
                continue;
            }
            if msg["id"] == json!(id) {
                if let Some(code) = msg["error"]["code"].as_i64() {
                    // Refused (rename), stale or cancelled answers are fine; a failure is not.
                    assert!(matches!(code, -32602 | -32801 | -32800), "{method} {params} failed: {msg}");
                }
                return msg;
            }
        }
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}

fn harness() -> &'static Harness {
    static HARNESS: OnceLock<Harness> = OnceLock::new();
    HARNESS.get_or_init(|| {
        let root = std::env::temp_dir().join(format!("ipcls-fuzz-session-{}", std::process::id()));
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/demo");
        copy_dir(&fixture, &root);
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
        let (client, server) = tokio::io::duplex(1 << 22);
        let (server_read, server_write) = tokio::io::split(server);
        let (client_read, client_write) = tokio::io::split(client);
        let mut conn = Conn { writer: client_write, reader: BufReader::new(client_read), next_id: 1, version: 1 };
        let root_uri = format!("file://{}", root.display());
        runtime.block_on(async {
            tokio::spawn(ipcls::lsp::serve(server_read, server_write));
            conn.request(
                "initialize",
                json!({"processId": null, "rootUri": root_uri, "workspaceFolders": [{"uri": root_uri, "name": "demo"}],
                       "capabilities": {"general": {"positionEncodings": ["utf-16"]},
                                        "workspace": {"workspaceEdit": {"documentChanges": true}}}}),
            )
            .await;
            conn.notify("initialized", json!({})).await;
        });
        Harness { runtime, conn: Mutex::new(conn), root }
    })
}

/// Line count and the UTF-16 length of each line, to aim positions near the text.
fn lines_utf16(text: &str) -> Vec<u32> {
    text.split('\n').map(|l| l.encode_utf16().count() as u32).collect()
}

fn position(text: &str, (line, col): (u16, u16)) -> Value {
    let lines = lines_utf16(text);
    let line = line as u32 % (lines.len() as u32 + 2);
    let col = if col & 0x8000 != 0 {
        u32::from(col) * 1000
    } else {
        u32::from(col) % (lines.get(line as usize).copied().unwrap_or(0) + 3)
    };
    json!({"line": line, "character": col})
}

/// The byte offset of an LSP position (UTF-16) under the protocol's clamping rules.
fn model_offset(text: &str, pos: &Value) -> usize {
    let line = pos["line"].as_u64().unwrap_or(0);
    let col = pos["character"].as_u64().unwrap_or(0) as usize;
    let mut start = 0;
    for _ in 0..line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    let mut end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    if end < text.len() && end > start && text.as_bytes()[end - 1] == b'\r' {
        end -= 1;
    }
    let mut units = 0;
    for (i, c) in text[start..end].char_indices() {
        if units + c.len_utf16() > col {
            return start + i;
        }
        units += c.len_utf16();
    }
    end
}

/// Applies one content change to the client's copy of the text.
fn apply(text: &mut String, change: &Value) {
    let new = change["text"].as_str().unwrap_or("");
    match change.get("range") {
        None => *text = new.to_string(),
        Some(r) => {
            let s = model_offset(text, &r["start"]);
            let e = model_offset(text, &r["end"]).max(s);
            text.replace_range(s..e, new);
        }
    }
}

/// A rename or code action edit: versioned for the open document, edits in order and disjoint.
fn check_edit(edit: &Value, uri: &str, version: i32) {
    for change in edit["documentChanges"].as_array().into_iter().flatten() {
        if change["textDocument"]["uri"] == uri {
            assert_eq!(change["textDocument"]["version"], json!(version), "unversioned edit of the open document");
        }
        let mut ranges: Vec<(u64, u64, u64, u64)> = change["edits"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|e| {
                let r = &e["range"];
                let n = |v: &Value| v.as_u64().expect("number");
                (n(&r["start"]["line"]), n(&r["start"]["character"]), n(&r["end"]["line"]), n(&r["end"]["character"]))
            })
            .collect();
        ranges.sort();
        for w in ranges.windows(2) {
            assert!((w[0].2, w[0].3) <= (w[1].0, w[1].1), "overlapping edits: {change}");
        }
    }
}

async fn run(conn: &mut Conn, root: &Path, session: &Session) {
    let rel = DOCS[session.doc as usize % DOCS.len()];
    let uri = format!("file://{}", root.join(rel).display());
    let language = if rel.ends_with(".proto") { "proto3" } else { "typescript" };
    let mut text = std::fs::read_to_string(root.join(rel)).expect("fixture");
    conn.version += 1;
    let mut version = conn.version;
    conn.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": language, "version": version, "text": text}}),
    )
    .await;
    let doc = json!({"uri": uri});
    for op in session.ops.iter().take(48) {
        match op {
            Op::Edit { start, end, text: piece } => {
                let change = json!({"range": {"start": position(&text, *start), "end": position(&text, *end)}, "text": piece.text()});
                apply(&mut text, &change);
                version += 1;
                conn.notify(
                    "textDocument/didChange",
                    json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}),
                )
                .await;
            }
            Op::EditMany(edits) => {
                let changes: Vec<Value> = edits
                    .iter()
                    .take(4)
                    .map(|(s, e, p)| json!({"range": {"start": position(&text, *s), "end": position(&text, *e)}, "text": p.text()}))
                    .collect();
                for change in &changes {
                    apply(&mut text, change);
                }
                version += 1;
                conn.notify(
                    "textDocument/didChange",
                    json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}),
                )
                .await;
            }
            Op::Full(piece) => {
                version += 1;
                text = piece.text();
                let new = &text;
                conn.notify(
                    "textDocument/didChange",
                    json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": new}]}),
                )
                .await;
            }
            Op::Request { kind, at, to, piece } => {
                // The text the positions aim at may be stale: the server clamps.
                let pos = position(&text, *at);
                let range = json!({"start": pos, "end": position(&text, *to)});
                let tdp = json!({"textDocument": doc, "position": pos});
                let (method, params) = match kind % 13 {
                    0 => ("textDocument/hover", tdp),
                    1 => ("textDocument/definition", tdp),
                    2 => ("textDocument/implementation", tdp),
                    3 => (
                        "textDocument/references",
                        json!({"textDocument": doc, "position": pos, "context": {"includeDeclaration": true}}),
                    ),
                    4 => ("textDocument/completion", tdp),
                    5 => ("textDocument/prepareRename", tdp),
                    6 => {
                        ("textDocument/rename", json!({"textDocument": doc, "position": pos, "newName": piece.text()}))
                    }
                    7 => (
                        "textDocument/codeAction",
                        json!({"textDocument": doc, "range": range, "context": {"diagnostics": []}}),
                    ),
                    8 => ("textDocument/documentSymbol", json!({"textDocument": doc})),
                    9 => ("textDocument/codeLens", json!({"textDocument": doc})),
                    10 => ("textDocument/inlayHint", json!({"textDocument": doc, "range": range})),
                    11 => ("workspace/symbol", json!({"query": piece.text()})),
                    _ => ("ipcls/channels", json!({})),
                };
                let response = conn.request(method, params).await;
                let result = &response["result"];
                match method {
                    "textDocument/rename" if result.is_object() => check_edit(result, &uri, version),
                    "textDocument/codeAction" => {
                        for action in result.as_array().into_iter().flatten() {
                            check_edit(&action["edit"], &uri, version);
                        }
                    }
                    _ => {}
                }
            }
            Op::Cancel(back) => {
                // Requests already answered, or never sent: nothing to cancel, nothing to answer.
                let id = conn.next_id - 1 - i64::from(back.unsigned_abs() % 8);
                conn.notify("$/cancelRequest", json!({"id": id})).await;
            }
        }
    }
    // The state the server built incrementally equals the one it builds from a full resync with the
    // text the client holds: same channels, sites and positions, same symbols.
    let incremental = conn.request("ipcls/channels", json!({})).await;
    let symbols = conn.request("textDocument/documentSymbol", json!({"textDocument": doc})).await;
    version += 1;
    conn.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
    )
    .await;
    let resynced = conn.request("ipcls/channels", json!({})).await;
    assert_eq!(
        incremental["result"], resynced["result"],
        "the server's buffer diverged from the client's: {incremental}"
    );
    let symbols_after = conn.request("textDocument/documentSymbol", json!({"textDocument": doc})).await;
    assert_eq!(symbols["result"], symbols_after["result"]);
    conn.notify("textDocument/didClose", json!({"textDocument": doc})).await;
    conn.version = version;
}

fuzz_target!(|session: Session| {
    let h = harness();
    let mut conn = h.conn.lock().unwrap_or_else(|e| e.into_inner());
    h.runtime.block_on(run(&mut conn, &h.root, &session));
});
