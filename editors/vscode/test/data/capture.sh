#!/usr/bin/env bash
# Re-captures the server output the unit tests read: `ipcls channels` and `ipcls check` (JSON) on
# some fixtures. Review the diff after running it.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../../.." && pwd)
ipcls=${IPCLS_SERVER_PATH:-$repo/target/debug/ipcls}
for name in article demo broken commonjs; do
  "$ipcls" channels --format json "$repo/fixtures/$name" > "$here/$name.channels.json"
  "$ipcls" check --format json "$repo/fixtures/$name" > "$here/$name.check.json" || true
done
