//! Protocol robustness, against the real binary on stdio: malformed JSON and headers, unknown
//! methods, requests before `initialize` and after `shutdown`, wrong params, duplicate ids, a very
//! large message, cancellation of finished and unknown requests, and the client dying. The server
//! answers correctly or exits cleanly; every byte it writes to stdout is framed JSON-RPC (checked
//! by a strict parser over the whole output), and it leaves no child process.

use std::path::Path;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::process::{Child, ChildStdin};
use tokio::sync::mpsc;

/// Guards against hangs only; nothing asserts how long anything takes.
const PATIENCE: Duration = Duration::from_secs(60);

struct Server {
    child: Child,
    stdin: Option<ChildStdin>,
    /// Every byte the server wrote to stdout.
    out: Arc<Mutex<Vec<u8>>>,
    messages: mpsc::UnboundedReceiver<Value>,
    next_id: i64,
}

/// Splits `bytes` into framed JSON-RPC messages; panics on anything else. Returns the messages
/// and the length of the incomplete tail (0 when `bytes` ends at a frame boundary).
fn parse_frames(bytes: &[u8]) -> (Vec<Value>, usize) {
    let mut messages = Vec::new();
    let mut at = 0;
    loop {
        let rest = &bytes[at..];
        let Some(header_end) = rest.windows(4).position(|w| w == b"\r\n\r\n") else {
            return (messages, rest.len());
        };
        let header = std::str::from_utf8(&rest[..header_end]).expect("headers are ASCII");
        let mut length = None;
        for line in header.split("\r\n") {
            if let Some(v) = line.strip_prefix("Content-Length: ") {
                length = Some(v.parse::<usize>().expect("a number"));
            } else {
                assert!(line.starts_with("Content-Type: "), "not a JSON-RPC header: {line:?}");
            }
        }
        let length = length.expect("Content-Length");
        let body_start = header_end + 4;
        if rest.len() < body_start + length {
            return (messages, rest.len());
        }
        let value: Value = serde_json::from_slice(&rest[body_start..body_start + length]).expect("JSON body");
        assert_eq!(value["jsonrpc"], "2.0", "{value}");
        messages.push(value);
        at += body_start + length;
    }
}

impl Server {
    fn spawn(root: &Path) -> Server {
        let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_ipcls"))
            .arg("server")
            .current_dir(root)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("spawn ipcls server");
        let mut stdout = child.stdout.take().expect("stdout");
        let out = Arc::new(Mutex::new(Vec::new()));
        let (tx, messages) = mpsc::unbounded_channel();
        let sink = out.clone();
        tokio::spawn(async move {
            let mut seen = 0;
            let mut buf = [0u8; 65536];
            loop {
                let n = match stdout.read(&mut buf).await {
                    Ok(0) | Err(_) => return,
                    Ok(n) => n,
                };
                let mut all = sink.lock().expect("lock");
                all.extend_from_slice(&buf[..n]);
                let (msgs, _) = parse_frames(&all);
                for m in msgs.into_iter().skip(seen) {
                    seen += 1;
                    let _ = tx.send(m);
                }
            }
        });
        Server { stdin: child.stdin.take(), child, out, messages, next_id: 1 }
    }

    async fn raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(bytes).await.expect("write");
        stdin.flush().await.expect("flush");
    }

    async fn send(&mut self, msg: Value) {
        let body = serde_json::to_string(&msg).expect("JSON");
        self.raw(format!("Content-Length: {}\r\n\r\n{}", body.len(), body).as_bytes()).await;
    }

    async fn request_id(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params})).await;
        id
    }

    async fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params})).await;
    }

    /// The next response whose id is `id` (notifications are skipped).
    async fn response(&mut self, id: Value) -> Value {
        loop {
            let msg = tokio::time::timeout(PATIENCE, self.messages.recv())
                .await
                .expect("the server answers")
                .expect("the server is running");
            if msg.get("method").is_none() && msg["id"] == id {
                return msg;
            }
        }
    }

    async fn call(&mut self, method: &str, params: Value) -> Value {
        let id = self.request_id(method, params).await;
        self.response(json!(id)).await
    }

    async fn initialize(&mut self, root: &Path) {
        let root = format!("file://{}", root.display());
        let r = self.call("initialize", json!({"processId": null, "rootUri": root, "capabilities": {}})).await;
        assert!(r["result"]["capabilities"].is_object(), "{r}");
        self.notify("initialized", json!({})).await;
    }

    /// The server's child processes (it should have none).
    fn children(&self) -> String {
        let Some(pid) = self.child.id() else { return String::new() };
        let mut all = String::new();
        for task in std::fs::read_dir(format!("/proc/{pid}/task")).into_iter().flatten().flatten() {
            all.push_str(&std::fs::read_to_string(task.path().join("children")).unwrap_or_default());
        }
        all.trim().to_string()
    }

    /// Closes stdin (unless `exit` was sent), waits for the process, and parses all of stdout
    /// strictly: every byte belongs to a framed JSON-RPC message.
    async fn finish(mut self) -> (std::process::ExitStatus, Vec<Value>) {
        if cfg!(target_os = "linux") {
            assert_eq!(self.children(), "", "the server started a child process");
        }
        drop(self.stdin.take());
        let status =
            tokio::time::timeout(PATIENCE, self.child.wait()).await.expect("the server exits").expect("status");
        // Let the reader take the last bytes.
        tokio::time::sleep(Duration::from_millis(50)).await;
        let out = self.out.lock().expect("lock").clone();
        let (messages, tail) = parse_frames(&out);
        assert_eq!(tail, 0, "stdout ends inside a message: {:?}", String::from_utf8_lossy(&out));
        (status, messages)
    }
}

fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let main = dir.path().join("src/main/index.ts");
    std::fs::create_dir_all(main.parent().expect("parent")).expect("mkdir");
    std::fs::write(main, "import { ipcMain } from 'electron';\nipcMain.handle('p:ok', () => 1);\n").expect("write");
    dir
}

fn code(msg: &Value) -> i64 {
    msg["error"]["code"].as_i64().unwrap_or_else(|| panic!("an error: {msg}"))
}

/// A malformed frame is answered with an error (id `null`), after which the server exits cleanly
/// with code 0: tower-lsp-server's transport stops reading after a frame it cannot decode. Nothing
/// but JSON-RPC reaches stdout on the way.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_json_and_headers() {
    let frame = |body: &[u8]| [format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes(), body].concat();
    let cases: [(Vec<u8>, i64); 6] = [
        (frame(b"{not json"), -32700),
        (frame(b"[1,2]"), -32600),
        (frame(b"{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":42}"), -32600),
        (frame(b"\xff\xfe\xfd\xfc"), -32700),
        (b"Content-Type: text/plain\r\nX-Nonsense\r\n\r\n".to_vec(), -32700),
        (b"Content-Length: -4\r\n\r\n".to_vec(), -32700),
    ];
    for (bytes, expected) in cases {
        let dir = workspace();
        let mut s = Server::spawn(dir.path());
        s.initialize(dir.path()).await;
        s.raw(&bytes).await;
        let r = s.response(Value::Null).await;
        assert_eq!(code(&r), expected, "{r} for {:?}", String::from_utf8_lossy(&bytes));
        let (status, _) = s.finish().await;
        assert!(status.success(), "{status}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn request_errors_cancellation_and_duplicate_ids() {
    let dir = workspace();
    let mut s = Server::spawn(dir.path());
    let hover = json!({"textDocument": {"uri": "file:///x.ts"}, "position": {"line": 0, "character": 0}});
    // Before initialize: -32002.
    assert_eq!(code(&s.call("textDocument/hover", hover.clone()).await), -32002);
    s.initialize(dir.path()).await;
    assert_eq!(code(&s.call("ipcls/noSuchMethod", json!({})).await), -32601);
    assert_eq!(code(&s.call("textDocument/hover", json!({"textDocument": 42})).await), -32602);
    assert_eq!(code(&s.call("textDocument/hover", json!([1, 2, 3])).await), -32602);
    // Cancelling a finished request and an unknown one: nothing is written, the server goes on.
    let id = s.request_id("ipcls/channels", json!({})).await;
    assert!(s.response(json!(id)).await["result"].is_object());
    s.notify("$/cancelRequest", json!({"id": id})).await;
    s.notify("$/cancelRequest", json!({"id": 424242})).await;
    s.notify("$/cancelRequest", json!({"id": "not-a-request"})).await;
    // Two requests with one id: each gets an answer (a result or an error), none is lost.
    s.send(json!({"jsonrpc": "2.0", "id": 900, "method": "ipcls/channels", "params": {}})).await;
    s.send(json!({"jsonrpc": "2.0", "id": 900, "method": "workspace/symbol", "params": {"query": "p"}})).await;
    let first = s.response(json!(900)).await;
    let second = s.response(json!(900)).await;
    for r in [&first, &second] {
        assert!(r.get("result").is_some() || r.get("error").is_some(), "{r}");
    }
    let r = s.call("ipcls/channels", json!({})).await;
    assert!(r["result"].is_object(), "{r}");
    let (status, messages) = s.finish().await;
    assert!(status.success(), "{status}");
    // No answer to a cancellation of something that is not running.
    assert!(!messages.iter().any(|m| m["id"] == json!(424242) || m["id"] == "not-a-request"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_after_shutdown_are_refused_and_exit_is_clean() {
    let dir = workspace();
    let mut s = Server::spawn(dir.path());
    s.initialize(dir.path()).await;
    let r = s.call("shutdown", Value::Null).await;
    assert!(r.get("error").is_none(), "{r}");
    assert_eq!(code(&s.call("ipcls/channels", json!({})).await), -32600);
    s.notify("exit", Value::Null).await;
    let (status, _) = s.finish().await;
    assert!(status.success(), "{status}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_very_large_message() {
    let dir = workspace();
    let mut s = Server::spawn(dir.path());
    s.initialize(dir.path()).await;
    // A 16 MB didOpen (mostly a string literal) is read whole; the next request is answered.
    let mut text = String::from("import { ipcRenderer } from 'electron';\nipcRenderer.invoke('p:ok');\nconst data = '");
    text.push_str(&"x".repeat(16 * 1024 * 1024));
    text.push_str("';\n");
    let uri = format!("file://{}", dir.path().join("src/renderer/big.ts").display());
    s.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "typescript", "version": 1, "text": text}}),
    )
    .await;
    let r = s.call("ipcls/channels", json!({})).await;
    assert_eq!(r["result"]["channels"][0]["sites"].as_array().map_or(0, Vec::len), 2, "{r}");
    // A header that announces far more than will ever come, then the client goes away: the
    // server exits cleanly (it does not try to allocate the announced size up front).
    s.raw(b"Content-Length: 999999999999\r\n\r\n{\"jsonrpc\":").await;
    let (status, _) = s.finish().await;
    assert!(status.code().is_some(), "killed by a signal: {status}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_client_dying_ends_the_server() {
    for partial in [&b""[..], b"Content-Length: 100\r\n\r\n{\"jsonrpc\": \"2.0\", \"id\": 5, \"meth"] {
        let dir = workspace();
        let mut s = Server::spawn(dir.path());
        s.initialize(dir.path()).await;
        let id = s.request_id("ipcls/channels", json!({})).await;
        assert!(s.response(json!(id)).await["result"].is_object());
        s.raw(partial).await;
        // No shutdown, no exit: stdin simply closes.
        let (status, _) = s.finish().await;
        assert!(status.code().is_some(), "killed by a signal: {status}");
    }
}
