//! The real `ipcls server` driven as the extension drives it: the settings mapped by
//! `serverConfig` reach it (initializationOptions and `workspace/configuration`) and are honoured,
//! `ipcls/indexChanged` arrives because the client asks for it, and `ipcls/channels` builds the
//! tree. Needs the server binary: IPCLS_SERVER_PATH or target/debug/ipcls (built by `.ci/run`).

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';

import { buildTree, parseCatalogue } from '../../src/channels';
import { isExecutableFile } from '../../src/discovery';
import { configurationAnswer, serverConfig, ServerConfig } from '../../src/settings';
import { LspClient } from './lsp';

const repo = path.join(__dirname, '..', '..', '..', '..', '..');
const server = process.env.IPCLS_SERVER_PATH || path.join(repo, 'target', 'debug', 'ipcls');
const available = isExecutableFile(server);
if (!available && process.env.CI) throw new Error(`the server binary ${server} is missing; build it first (cargo build)`);

const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
const properties: Record<string, { default?: unknown }> = manifest.contributes.configuration.properties;

/** Settings as VS Code would give them: the manifest's defaults with some values set. */
function settings(values: Record<string, unknown>): ServerConfig {
  return serverConfig((key) => (key in values ? values[key] : properties[`ipcls.${key}`]?.default));
}

test('settings reach the server and are honoured; indexChanged and ipcls/channels feed the tree', { skip: !available && `no server at ${server}` }, async () => {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'ipcls-ext-'));
  fs.cpSync(path.join(repo, 'fixtures', 'demo'), ws, { recursive: true });
  let current = settings({ 'channels.strict': true });
  const client = new LspClient(server, ['server'], (method, params) =>
    method === 'workspace/configuration' ? configurationAnswer(params.items, current) : null,
  );
  try {
    const root = pathToFileURL(ws).href;
    await client.request('initialize', {
      processId: process.pid,
      rootUri: root,
      workspaceFolders: [{ uri: root, name: 'demo' }],
      initializationOptions: current,
      capabilities: { workspace: { configuration: true }, experimental: { ipclsIndexChanged: true } },
    });
    client.notify('initialized', {});
    const preload = pathToFileURL(path.join(ws, 'src', 'preload', 'index.ts')).href;
    const lst = (d: any) => d.data?.channel === 'notes:lst';

    // Strict mode from the settings: not-in-contract is an error (1), not a warning.
    const strict = await client.notification(
      'textDocument/publishDiagnostics',
      (p) => p.uri === preload && p.diagnostics.some((d: any) => d.code === 'not-in-contract' && d.severity === 1),
    );
    assert.ok(strict.diagnostics.some((d: any) => lst(d) && d.code === 'no-handler'));

    const changed = await client.notification('ipcls/indexChanged', (p) => p.channels === 7);
    assert.equal(typeof changed.generation, 'number');
    const tree = buildTree(parseCatalogue(await client.request('ipcls/channels', {})));
    assert.deepEqual(tree.map((g) => [g.label, g.children.length]), [
      ['NotesService', 6],
      ['not in contract', 1],
    ]);

    // A settings change: the extension sends an empty didChangeConfiguration, the server pulls.
    current = settings({ 'channels.ignore': ['notes:lst'] });
    client.notify('workspace/didChangeConfiguration', { settings: null });
    const relaxed = await client.notification(
      'textDocument/publishDiagnostics',
      (p) => p.uri === preload && !p.diagnostics.some(lst),
    );
    assert.ok(relaxed.diagnostics.every((d: any) => d.severity !== 1 || d.code !== 'not-in-contract'));
    await client.stop();
  } finally {
    client.kill();
    fs.rmSync(ws, { recursive: true, force: true });
  }
});
