#!/usr/bin/env bash
# Headless Neovim against ipcls on a copy of fixtures/article. Installs Debian's neovim if missing.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
server=${IPCLS_SERVER:-$repo/target/debug/ipcls}
if ! command -v nvim >/dev/null 2>&1; then
  echo "installing neovim (Debian)"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq neovim) >/dev/null
fi
[ -x "$server" ] || (cd "$repo" && cargo build --quiet)
ws=$(mktemp -d)
trap 'rm -rf "$ws"' EXIT
cp -r "$repo/fixtures/article/." "$ws/"
ROOT="$ws" SERVER="$server" timeout 180 nvim --headless -n -u NONE -i NONE -c "luafile $here/e2e.lua"
