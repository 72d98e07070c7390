#!/usr/bin/env bash
# Whole-process figures: builds the release binaries if missing, installs the pinned
# typescript-language-server + typescript into target/perf-tools (npm registry, setup only), and
# runs first_diagnostics.py. Arguments are passed on, e.g.
#   scripts/perf/run.sh --sizes 1000,10000,50000
#   scripts/perf/run.sh --workspace /work/realapps/mattermost --open src/renderer/preload/internalAPI.js
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$repo"
for exe in node npm python3; do
  command -v "$exe" >/dev/null || { echo "run.sh: \`$exe\` not found on PATH (Node.js >= 20 with npm, Python 3.11)" >&2; exit 2; }
done
if [[ ! -x target/release/ipcls || ! -x target/release/examples/genws ]] && [[ -z "${IPCLS_BIN:-}" ]]; then
  cargo build --release --example genws
  cargo build --release
fi
args=()
[[ -n "${IPCLS_BIN:-}" ]] && args+=(--ipcls "$IPCLS_BIN")
[[ -n "${GENWS_BIN:-}" ]] && args+=(--genws "$GENWS_BIN")
exec python3 scripts/perf/first_diagnostics.py "${args[@]}" "$@"
