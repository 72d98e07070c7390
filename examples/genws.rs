//! Writes a generated Electron-like workspace (the benchmarks' generator) for whole-process
//! measurements: `cargo run --release --example genws -- DIR FILES [BIG_LINES] [SEED]`.

#[path = "../benches/support/workspace_gen.rs"]
mod workspace_gen;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(dir), Some(files)) = (args.first(), args.get(1).and_then(|n| n.parse::<usize>().ok())) else {
        eprintln!("usage: genws DIR FILES [BIG_LINES] [SEED]");
        std::process::exit(2);
    };
    let big_lines = args.get(2).and_then(|n| n.parse().ok()).unwrap_or(5000);
    let seed = args.get(3).and_then(|n| n.parse().ok()).unwrap_or(42);
    let dir = std::path::Path::new(dir);
    if dir.exists() && std::fs::read_dir(dir).map(|mut d| d.next().is_some()).unwrap_or(true) {
        eprintln!("{} exists and is not empty", dir.display());
        std::process::exit(2);
    }
    let big = workspace_gen::generate(dir, files, big_lines, seed);
    println!("{}", big.display());
}
