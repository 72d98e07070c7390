//! Finds the `ipcls` binary, in a documented order: the `ipcls.server.path` setting, the
//! `IPCLS_SERVER_PATH` environment variable, the binary bundled in the extension (`server/ipcls`),
//! then `ipcls` on `PATH`. Pure apart from the `isExecutable` probe it is given, so that tests can
//! run it on fake files and environments (`isExecutableFile` is the real probe).

import * as fs from 'node:fs';
import * as path from 'node:path';

export type ServerSource = 'setting' | 'environment' | 'bundled' | 'PATH';

/** What discovery looks at; `isExecutable` is the only access to the file system. */
export interface DiscoveryInput {
  /** The `ipcls.server.path` setting as written (may be empty). */
  setting: string | undefined;
  /** The process environment (`IPCLS_SERVER_PATH`, `PATH`, `HOME`). */
  env: Record<string, string | undefined>;
  /** The folder the extension is installed in. */
  extensionPath: string;
  /** The first workspace folder, for `${workspaceFolder}` and relative settings. */
  workspaceFolder: string | undefined;
  platform: NodeJS.Platform;
  isExecutable(file: string): boolean;
}

/** One place looked at, and why it was not taken (`undefined` for the one taken). */
export interface Attempt {
  source: ServerSource;
  path: string;
  rejected?: string;
}

export type Discovery =
  | { ok: true; path: string; source: ServerSource; attempts: Attempt[] }
  | { ok: false; message: string; attempts: Attempt[] };

export const ENV_VAR = 'IPCLS_SERVER_PATH';

/** The real probe: a regular file that this process may execute. */
export function isExecutableFile(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false;
    if (process.platform !== 'win32') fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The binary's file name on a platform. */
export function binaryName(platform: NodeJS.Platform): string {
  return platform === 'win32' ? 'ipcls.exe' : 'ipcls';
}

/** Where the packaging script puts the server inside the extension. */
export function bundledPath(extensionPath: string, platform: NodeJS.Platform): string {
  return path.join(extensionPath, 'server', binaryName(platform));
}

/** Expands `~` and `${workspaceFolder}`, and makes a relative path relative to the workspace. */
export function expandPath(value: string, input: Pick<DiscoveryInput, 'env' | 'workspaceFolder'>): string {
  let out = value.trim();
  const home = input.env.HOME ?? input.env.USERPROFILE;
  if (home && (out === '~' || out.startsWith('~/'))) out = path.join(home, out.slice(1));
  if (input.workspaceFolder) out = out.split('${workspaceFolder}').join(input.workspaceFolder);
  if (!path.isAbsolute(out) && input.workspaceFolder) out = path.join(input.workspaceFolder, out);
  return out;
}

function pathDirs(input: Pick<DiscoveryInput, 'env' | 'platform'>): string[] {
  const separator = input.platform === 'win32' ? ';' : ':';
  return (input.env.PATH ?? input.env.Path ?? '').split(separator).filter((d) => d.length > 0);
}

/** The first executable `name` in the `PATH` folders. */
function onPath(name: string, input: DiscoveryInput): string | undefined {
  return pathDirs(input)
    .map((dir) => path.join(dir, name))
    .find((candidate) => input.isExecutable(candidate));
}

/** An explicit value: a bare command name (`ipcls-dev`) is looked up on `PATH`, a path is expanded. */
function resolveExplicit(raw: string, input: DiscoveryInput): { candidate: string; found: boolean } {
  const value = raw.trim();
  if (!value.includes('/') && !value.includes('\\') && !value.startsWith('~') && !value.includes('${')) {
    const found = onPath(value, input);
    return found ? { candidate: found, found: true } : { candidate: value, found: false };
  }
  const candidate = expandPath(value, input);
  return { candidate, found: input.isExecutable(candidate) };
}

/**
 * Looks for the server. An explicit choice (setting or environment variable) that does not point
 * at an executable is an error rather than a silent fall-back, so that a typo is seen.
 */
export function discoverServer(input: DiscoveryInput): Discovery {
  const attempts: Attempt[] = [];
  const explicit: [ServerSource, string | undefined][] = [
    ['setting', input.setting],
    ['environment', input.env[ENV_VAR]],
  ];
  for (const [source, raw] of explicit) {
    if (!raw || !raw.trim()) continue;
    const { candidate, found } = resolveExplicit(raw, input);
    if (found) {
      attempts.push({ source, path: candidate });
      return { ok: true, path: candidate, source, attempts };
    }
    attempts.push({ source, path: candidate, rejected: 'not an executable file' });
    const what = source === 'setting' ? 'the setting `ipcls.server.path`' : `the environment variable ${ENV_VAR}`;
    return {
      ok: false,
      attempts,
      message:
        `ipcls: ${what} points at ${candidate}, which is not an executable file. ` +
        `Fix the path (build the server with \`cargo build --release\` in the ipcls repository: ` +
        `target/release/ipcls), or clear it to use the bundled server or \`ipcls\` on PATH.`,
    };
  }

  const bundled = bundledPath(input.extensionPath, input.platform);
  if (input.isExecutable(bundled)) {
    attempts.push({ source: 'bundled', path: bundled });
    return { ok: true, path: bundled, source: 'bundled', attempts };
  }
  attempts.push({ source: 'bundled', path: bundled, rejected: 'not in this package' });

  const name = binaryName(input.platform);
  const dirs = pathDirs(input);
  const found = onPath(name, input);
  if (found) {
    attempts.push({ source: 'PATH', path: found });
    return { ok: true, path: found, source: 'PATH', attempts };
  }
  attempts.push({ source: 'PATH', path: name, rejected: `not in any of ${dirs.length} PATH folders` });
  return {
    ok: false,
    attempts,
    message:
      `ipcls: the language server was not found. Looked at the setting \`ipcls.server.path\` (empty), ` +
      `${ENV_VAR} (unset), the bundled ${bundled} (absent: this .vsix has no server for ` +
      `${input.platform}), and \`${name}\` on PATH. Fix: install it (\`cargo install --path .\` in the ` +
      `ipcls repository) so that \`${name}\` is on PATH, or set \`ipcls.server.path\` to the binary.`,
  };
}

/** The lines written to the output channel about a discovery. */
export function describeDiscovery(d: Discovery): string[] {
  const lines = d.attempts.map((a) =>
    a.rejected === undefined ? `  ${a.source}: ${a.path} (used)` : `  ${a.source}: ${a.path} (${a.rejected})`,
  );
  const head = d.ok ? `server: ${d.path} (from ${d.source})` : d.message;
  return [head, ...lines];
}
