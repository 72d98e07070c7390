//! `ipcls` as a process on the transport fixtures (`fixtures/flow/transport/`): a renderer that
//! reaches a generic bridge through a transport object (a bridge returned by a function, an
//! instance returned by a factory and held by an interface-typed singleton, hook wrappers,
//! `useCallback` callbacks, casts and conditional channels). The clean app checks clean with
//! every site resolved; the mistake variant's channel nobody handles is found through that chain.
//! Outputs are reviewed snapshots (`UPDATE_EXPECT=1 cargo test --test it flow_transport`).

use std::path::Path;
use std::process::Command;

fn ipcls(args: &[&str], fixture: &str) -> (String, i32) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(fixture);
    let out = Command::new(env!("CARGO_BIN_EXE_ipcls")).args(args).arg(&dir).output().expect("run ipcls");
    (String::from_utf8_lossy(&out.stdout).into_owned(), out.status.code().unwrap_or(-1))
}

#[test]
fn a_clean_app_of_transports_checks_clean_with_every_site_resolved() {
    let (text, code) = ipcls(&["check", "--hints"], "flow/transport/clean");
    expect_test::expect_file!["../snapshots/flow-transport-clean.check.txt"].assert_eq(&text);
    assert_eq!(code, 0);
    let (channels, code) = ipcls(&["channels", "--format", "json"], "flow/transport/clean");
    expect_test::expect_file!["../snapshots/flow-transport-clean.channels.json"].assert_eq(&channels);
    assert_eq!(code, 0);
}

#[test]
fn a_channel_nobody_handles_is_found_through_the_transport_chain() {
    let (text, code) = ipcls(&["check", "--hints"], "flow/transport/mistake");
    expect_test::expect_file!["../snapshots/flow-transport-mistake.check.txt"].assert_eq(&text);
    assert_eq!(code, 1);
}
