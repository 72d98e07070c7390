//! The contract summary (protox compile over files held in memory) on arbitrary bytes: the input
//! is split at `\0` into up to four files that may import each other; it never panics, and every
//! error range lies inside its file.

#![no_main]

use std::sync::Arc;

use ipcls::syntax::proto::{compile, ContractInput, ProtoSource};
use libfuzzer_sys::fuzz_target;

const NAMES: [&str; 4] = ["a.proto", "proto/b.proto", "c.proto", "ipcls/options.proto"];

fuzz_target!(|data: &[u8]| {
    let files: Vec<ProtoSource> = data
        .split(|b| *b == 0)
        .take(NAMES.len())
        .zip(NAMES)
        .map(|(bytes, name)| ProtoSource { path: name.to_string(), text: Arc::from(String::from_utf8_lossy(bytes)) })
        .collect();
    let roots = [String::new(), "proto".to_string()];
    for roots in [&roots[..0], &roots[..]] {
        let contract = compile(&ContractInput { files: &files, roots });
        for error in &contract.errors {
            let Some(range) = error.range else { continue };
            let file = files.iter().find(|f| f.path == error.file).expect("an error names an input file");
            assert!(range.start <= range.end && range.end as usize <= file.text.len(), "{error:?}");
        }
    }
});
