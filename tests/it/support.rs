//! A small LSP client for end-to-end tests: JSON-RPC framing over any byte streams, answers to the
//! server's own requests, and a check that no message is left unread at the end.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::mpsc;

pub struct Client {
    writer: Box<dyn AsyncWrite + Unpin + Send>,
    incoming: mpsc::UnboundedReceiver<Value>,
    /// Notifications received and not yet looked at.
    pub pending: VecDeque<Value>,
    next_id: i64,
    pub root: PathBuf,
    /// Latest version sent per document.
    versions: std::collections::HashMap<String, i32>,
    pub texts: std::collections::HashMap<String, String>,
    /// What the client answers to `workspace/configuration` (one value per item).
    pub settings: Value,
    /// The edits of `workspace/applyEdit` requests the server sent (answered as applied).
    pub applied_edits: Vec<Value>,
}

/// Reads framed messages from `reader` into a channel until the stream ends.
pub fn spawn_reader<R: tokio::io::AsyncRead + Unpin + Send + 'static>(reader: R) -> mpsc::UnboundedReceiver<Value> {
    let (tx, rx) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        let mut reader = BufReader::new(reader);
        loop {
            let mut length = None;
            loop {
                let mut line = String::new();
                match reader.read_line(&mut line).await {
                    Ok(0) | Err(_) => return,
                    Ok(_) => {}
                }
                let line = line.trim_end();
                if line.is_empty() {
                    break;
                }
                if let Some(v) = line.strip_prefix("Content-Length: ") {
                    length = v.parse::<usize>().ok();
                }
            }
            let Some(length) = length else { return };
            let mut body = vec![0; length];
            if reader.read_exact(&mut body).await.is_err() {
                return;
            }
            let value: Value = serde_json::from_slice(&body).expect("server wrote invalid JSON");
            if tx.send(value).is_err() {
                return;
            }
        }
    });
    rx
}

pub fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

impl Client {
    pub fn new(
        writer: impl AsyncWrite + Unpin + Send + 'static,
        incoming: mpsc::UnboundedReceiver<Value>,
        root: &Path,
    ) -> Client {
        Client {
            writer: Box::new(writer),
            incoming,
            pending: VecDeque::new(),
            next_id: 1,
            root: root.to_path_buf(),
            versions: Default::default(),
            texts: Default::default(),
            settings: Value::Null,
            applied_edits: Vec::new(),
        }
    }

    /// A client on an in-process server over an in-memory duplex stream.
    pub fn in_process(root: &Path) -> Client {
        let (client_side, server_side) = tokio::io::duplex(1 << 20);
        let (server_read, server_write) = tokio::io::split(server_side);
        tokio::spawn(ipcls::lsp::serve(server_read, server_write));
        let (client_read, client_write) = tokio::io::split(client_side);
        Client::new(client_write, spawn_reader(client_read), root)
    }

    pub fn file_uri(&self, rel: &str) -> String {
        uri(&self.root.join(rel))
    }

    pub async fn send(&mut self, msg: Value) {
        let body = serde_json::to_string(&msg).expect("JSON");
        let frame = format!("Content-Length: {}\r\n\r\n{}", body.len(), body);
        self.writer.write_all(frame.as_bytes()).await.expect("write");
        self.writer.flush().await.expect("flush");
    }

    pub async fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params})).await;
    }

    /// Sends a request without waiting; returns its id.
    pub async fn request_id(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params})).await;
        id
    }

    /// The next message from the server, answering its requests on the way.
    async fn next(&mut self) -> Value {
        loop {
            let msg = tokio::time::timeout(Duration::from_secs(20), self.incoming.recv())
                .await
                .expect("timed out waiting for the server")
                .expect("server closed the stream");
            if std::env::var_os("LSP_TRACE").is_some() {
                eprintln!("<- {}", msg.to_string().chars().take(200).collect::<String>());
            }
            if msg.get("method").is_some() && msg.get("id").is_some() {
                // A server → client request: answer as an editor would.
                let result = match msg["method"].as_str() {
                    Some("workspace/configuration") => json!([self.settings.clone()]),
                    Some("workspace/applyEdit") => {
                        self.applied_edits.push(msg["params"]["edit"].clone());
                        json!({"applied": true})
                    }
                    _ => Value::Null,
                };
                let id = msg["id"].clone();
                self.send(json!({"jsonrpc": "2.0", "id": id, "result": result})).await;
                continue;
            }
            return msg;
        }
    }

    /// The next message from the server that is not a request to the client (those are answered).
    pub async fn next_message(&mut self) -> Value {
        self.next().await
    }

    /// The full response (result or error) of request `id`.
    pub async fn response(&mut self, id: i64) -> Value {
        if let Some(i) = self.pending.iter().position(|m| m.get("id") == Some(&json!(id)) && m.get("method").is_none())
        {
            return self.pending.remove(i).unwrap_or_default();
        }
        loop {
            let msg = self.next().await;
            if msg.get("id") == Some(&json!(id)) {
                return msg;
            }
            self.pending.push_back(msg);
        }
    }

    pub async fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.request_id(method, params).await;
        let response = self.response(id).await;
        if let Some(err) = response.get("error") {
            panic!("{method} failed: {err}");
        }
        response["result"].clone()
    }

    pub async fn initialize_with(&mut self, capabilities: Value) -> Value {
        let root = uri(&self.root);
        let result = self
            .request(
                "initialize",
                json!({
                    "processId": null,
                    "rootUri": root,
                    "workspaceFolders": [{"uri": root, "name": "ws"}],
                    "capabilities": capabilities,
                }),
            )
            .await;
        self.notify("initialized", json!({})).await;
        result
    }

    pub async fn initialize(&mut self) -> Value {
        self.initialize_with(json!({
            "general": {"positionEncodings": ["utf-16"]},
            "window": {"workDoneProgress": true},
            "textDocument": {"publishDiagnostics": {"relatedInformation": true}},
            "workspace": {"workspaceEdit": {"documentChanges": true}, "didChangeWatchedFiles": {"dynamicRegistration": true}},
        }))
        .await
    }

    pub async fn open(&mut self, rel: &str) {
        let text = std::fs::read_to_string(self.root.join(rel)).expect("read fixture file");
        let language = if rel.ends_with(".proto") { "proto3" } else { "typescript" };
        self.versions.insert(rel.to_string(), 1);
        self.texts.insert(rel.to_string(), text.clone());
        let uri = self.file_uri(rel);
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": language, "version": 1, "text": text}}),
        )
        .await;
    }

    /// An incremental change replacing `range` (LSP positions) with `text`.
    pub async fn change(&mut self, rel: &str, range: Value, text: &str) {
        let version = self.versions.get(rel).copied().unwrap_or(0) + 1;
        self.versions.insert(rel.to_string(), version);
        let uri = self.file_uri(rel);
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"range": range, "text": text}]}),
        )
        .await;
    }

    /// Waits until the latest diagnostics published for `rel` satisfy `pred`; returns them.
    pub async fn diagnostics_until(&mut self, rel: &str, pred: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        let uri = self.file_uri(rel);
        let mut latest: Option<Vec<Value>> = None;
        // Look at what already arrived first (newest wins).
        let mut keep = VecDeque::new();
        while let Some(msg) = self.pending.pop_front() {
            if msg["method"] == "textDocument/publishDiagnostics" && msg["params"]["uri"] == uri {
                latest = Some(msg["params"]["diagnostics"].as_array().cloned().unwrap_or_default());
            } else {
                keep.push_back(msg);
            }
        }
        self.pending = keep;
        if let Some(l) = &latest {
            if pred(l) {
                return l.clone();
            }
        }
        loop {
            let msg = self.next().await;
            if msg["method"] == "textDocument/publishDiagnostics" && msg["params"]["uri"] == uri {
                let diags = msg["params"]["diagnostics"].as_array().cloned().unwrap_or_default();
                if pred(&diags) {
                    return diags;
                }
            } else {
                self.pending.push_back(msg);
            }
        }
    }

    /// Waits for a notification `method` whose params satisfy `pred` (looking at what already arrived
    /// first); earlier ones of the same method are consumed, other messages kept.
    pub async fn notification_until(&mut self, method: &str, pred: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.pending.iter().position(|m| m["method"] == method && pred(&m["params"])) {
            let found = self.pending.remove(i).unwrap_or_default();
            self.pending.retain(|m| m["method"] != method);
            return found["params"].clone();
        }
        self.pending.retain(|m| m["method"] != method);
        loop {
            let msg = self.next().await;
            if msg["method"] == method {
                if pred(&msg["params"]) {
                    return msg["params"].clone();
                }
            } else {
                self.pending.push_back(msg);
            }
        }
    }

    /// Waits for a `window/logMessage` whose text contains `needle`; returns the text.
    pub async fn log_containing(&mut self, needle: &str) -> String {
        let matches = |m: &Value| {
            m["method"] == "window/logMessage" && m["params"]["message"].as_str().is_some_and(|s| s.contains(needle))
        };
        if let Some(i) = self.pending.iter().position(matches) {
            let msg = self.pending.remove(i).unwrap_or_default();
            return msg["params"]["message"].as_str().unwrap_or("").to_string();
        }
        loop {
            let msg = self.next().await;
            if matches(&msg) {
                return msg["params"]["message"].as_str().unwrap_or("").to_string();
            }
            self.pending.push_back(msg);
        }
    }

    /// Opens a document with the given text (not read from disk).
    pub async fn open_text(&mut self, rel: &str, text: &str) {
        self.versions.insert(rel.to_string(), 1);
        self.texts.insert(rel.to_string(), text.to_string());
        let uri = self.file_uri(rel);
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "typescript", "version": 1, "text": text}}),
        )
        .await;
    }

    /// The version last sent for `rel`, if it is open.
    pub fn version(&self, rel: &str) -> Option<i32> {
        self.versions.get(rel).copied()
    }

    /// Drops notifications that any editor may receive at any time (logs, progress, diagnostics).
    pub fn drain_expected(&mut self) {
        self.pending.retain(|m| {
            !matches!(
                m["method"].as_str(),
                Some("window/logMessage" | "$/progress" | "textDocument/publishDiagnostics" | "window/showMessage")
            )
        });
    }

    /// Shuts the server down and checks that nothing unexpected was left unread.
    pub async fn shutdown(mut self) {
        let id = self.request_id("shutdown", Value::Null).await;
        let response = self.response(id).await;
        assert!(response.get("error").is_none(), "{response}");
        self.notify("exit", Value::Null).await;
        self.drain_expected();
        assert!(self.pending.is_empty(), "unconsumed messages: {:#?}", self.pending);
    }
}

/// The LSP position of the first occurrence of `marker` (plus `offset` characters) in `text`,
/// with UTF-16 columns.
pub fn position(text: &str, marker: &str, offset: usize) -> Value {
    let at = text.find(marker).unwrap_or_else(|| panic!("marker {marker:?} not found"));
    let before = &text[..at];
    let line = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col: usize =
        text[line_start..at].encode_utf16().count() + marker.chars().take(offset).map(char::len_utf16).sum::<usize>();
    json!({"line": line, "character": col})
}

/// Applies a `WorkspaceEdit` with `documentChanges` to files on disk under `root` (UTF-16 ranges).
pub fn apply_edit(root: &Path, edit: &Value) -> Vec<String> {
    let mut touched = Vec::new();
    for change in edit["documentChanges"].as_array().expect("documentChanges") {
        if change["kind"] == "create" {
            let uri = change["uri"].as_str().expect("uri");
            let path = PathBuf::from(uri.strip_prefix("file://").expect("file uri"));
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            if !path.exists() {
                std::fs::write(&path, "").expect("create");
            }
            continue;
        }
        let uri = change["textDocument"]["uri"].as_str().expect("uri");
        let path = PathBuf::from(uri.strip_prefix("file://").expect("file uri"));
        let mut text = std::fs::read_to_string(&path).expect("read");
        let mut edits: Vec<(usize, usize, String)> = change["edits"]
            .as_array()
            .expect("edits")
            .iter()
            .map(|e| {
                let start = offset_of(&text, &e["range"]["start"]);
                let end = offset_of(&text, &e["range"]["end"]);
                (start, end, e["newText"].as_str().expect("newText").to_string())
            })
            .collect();
        edits.sort();
        for w in edits.windows(2) {
            assert!(w[0].1 <= w[1].0, "overlapping edits in {uri}");
        }
        for (start, end, new) in edits.into_iter().rev() {
            text.replace_range(start..end, &new);
        }
        std::fs::write(&path, text).expect("write");
        touched.push(path.strip_prefix(root).unwrap_or(&path).display().to_string());
    }
    touched.sort();
    touched
}

fn offset_of(text: &str, pos: &Value) -> usize {
    let line = pos["line"].as_u64().expect("line") as usize;
    let character = pos["character"].as_u64().expect("character") as usize;
    let line_start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
    let mut units = 0;
    for (i, c) in text[line_start..].char_indices() {
        if units >= character || c == '\n' {
            return line_start + i;
        }
        units += c.len_utf16();
    }
    text.len()
}

/// Copies a fixture to a fresh temporary folder, so that tests can edit it.
pub fn copy_fixture(name: &str) -> tempfile::TempDir {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(name);
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(&src, dir.path());
    dir
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

/// A fresh temporary workspace holding `files` (`(relative path, text)`).
pub fn workspace_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for (rel, text) in files {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
    dir
}
