//! The real binary on stdio, as an editor starts it: initialize, go to definition across files,
//! shutdown and exit with code 0, and nothing but JSON-RPC on stdout.

use crate::support;

use serde_json::json;
use support::{copy_fixture, position, spawn_reader, Client};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stdio_session() {
    let dir = copy_fixture("demo");
    let root = dir.path();
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_ipcls"))
        .arg("server")
        .arg("--stdio")
        .current_dir(root)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn ipcls server");
    let stdin = child.stdin.take().expect("stdin");
    let stdout = child.stdout.take().expect("stdout");
    let mut c = Client::new(stdin, spawn_reader(stdout), root);
    c.initialize().await;
    c.open("src/renderer/app.ts").await;
    let text = std::fs::read_to_string(root.join("src/renderer/app.ts")).expect("read");
    let def = c
        .request(
            "textDocument/definition",
            json!({"textDocument": {"uri": c.file_uri("src/renderer/app.ts")}, "position": position(&text, "window.notes.get", 14)}),
        )
        .await;
    let files: Vec<String> = def
        .as_array()
        .expect("locations")
        .iter()
        .filter_map(|l| l["uri"].as_str().and_then(|u| u.rsplit_once("/src/")).map(|(_, f)| f.to_string()))
        .collect();
    assert!(files.contains(&"preload/index.ts".to_string()) && files.contains(&"main/ipc.ts".to_string()), "{def}");
    c.shutdown().await;
    let status =
        tokio::time::timeout(std::time::Duration::from_secs(10), child.wait()).await.expect("exits").expect("status");
    assert!(status.success(), "{status}");
}
