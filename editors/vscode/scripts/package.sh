#!/usr/bin/env bash
# Builds the platform-specific .vsix for linux-x64: the release server (`cargo build --release`),
# copied into server/ipcls, the compiled extension, packaged by @vscode/vsce (pinned below, run
# with npx from the npm registry so that `npm ci` for the unit tests stays small).
#
# usage: scripts/package.sh [--server PATH]   (PATH: use this ipcls binary instead of building one)
# prints the path of the .vsix on its last line.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ext=$(cd "$here/.." && pwd)
repo=$(cd "$ext/../.." && pwd)
target=linux-x64
vsce=@vscode/vsce@3.9.2
server=""
while [ $# -gt 0 ]; do
  case "$1" in
    --server) server=$2; shift 2;;
    *) echo "unknown argument $1" >&2; exit 2;;
  esac
done

if [ -z "$server" ]; then
  echo "== cargo build --release --locked" >&2
  (cd "$repo" && cargo build --release --locked --quiet)
  server=$repo/target/release/ipcls
fi
[ -x "$server" ] || { echo "no executable server at $server" >&2; exit 1; }

cd "$ext"
if [ ! -d node_modules ]; then
  echo "== npm ci" >&2
  npm ci --no-audit --no-fund --silent
fi
rm -rf server out
mkdir -p server
cp "$server" server/ipcls
strip server/ipcls 2>/dev/null || true
chmod 755 server/ipcls
echo "== tsc" >&2
npx tsc -p .
version=$(node -p "require('./package.json').version")
out="$ext/ipcls-$target-$version.vsix"
echo "== vsce package --target $target" >&2
npx --yes "$vsce" package --target "$target" --allow-missing-repository --out "$out" >&2
echo "$out"
