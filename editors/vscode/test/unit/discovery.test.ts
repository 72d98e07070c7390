//! Server discovery: the documented order (setting, IPCLS_SERVER_PATH, bundled, PATH) on real
//! temporary files with real modes, and the messages a user sees.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';

import { bundledPath, describeDiscovery, DiscoveryInput, discoverServer, isExecutableFile } from '../../src/discovery';

let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipcls-discovery-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Creates `rel` under the temporary folder; executable unless `mode` says otherwise. */
function file(rel: string, mode = 0o755): string {
  const p = path.join(dir, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, '#!/bin/sh\n');
  fs.chmodSync(p, mode);
  return p;
}

function input(over: Partial<DiscoveryInput>): DiscoveryInput {
  return {
    setting: '',
    env: {},
    extensionPath: path.join(dir, 'ext'),
    workspaceFolder: path.join(dir, 'ws'),
    platform: 'linux',
    isExecutable: isExecutableFile,
    ...over,
  };
}

test('every source present: the setting wins, then the env var, then bundled, then PATH', () => {
  const fromSetting = file('custom/ipcls');
  const fromEnv = file('env/ipcls');
  const bundled = file('ext/server/ipcls');
  const onPath = file('bin/ipcls');
  const env = { IPCLS_SERVER_PATH: fromEnv, PATH: `${path.join(dir, 'nothing')}:${path.join(dir, 'bin')}` };

  let d = discoverServer(input({ setting: fromSetting, env }));
  assert.deepEqual(d.ok && [d.source, d.path], ['setting', fromSetting]);
  d = discoverServer(input({ env }));
  assert.deepEqual(d.ok && [d.source, d.path], ['environment', fromEnv]);
  d = discoverServer(input({ env: { PATH: env.PATH } }));
  assert.deepEqual(d.ok && [d.source, d.path], ['bundled', bundled]);
  fs.rmSync(bundled);
  d = discoverServer(input({ env: { PATH: env.PATH } }));
  assert.deepEqual(d.ok && [d.source, d.path], ['PATH', onPath]);
  assert.deepEqual(
    d.attempts.map((a) => [a.source, a.rejected === undefined]),
    [
      ['bundled', false],
      ['PATH', true],
    ],
  );
});

test('the first PATH folder that has an executable ipcls is used; a non-executable one is skipped', () => {
  file('a/ipcls', 0o644);
  const second = file('b/ipcls');
  const d = discoverServer(input({ env: { PATH: [path.join(dir, 'a'), '', path.join(dir, 'b')].join(':') } }));
  assert.equal(d.ok && d.path, second);
});

test('a setting that points nowhere is an error naming the setting, not a silent fall-back', () => {
  file('ext/server/ipcls');
  const d = discoverServer(input({ setting: '/no/such/ipcls' }));
  assert.equal(d.ok, false);
  assert.match(!d.ok ? d.message : '', /ipcls\.server\.path.*\/no\/such\/ipcls.*not an executable/);
  const e = discoverServer(input({ env: { IPCLS_SERVER_PATH: path.join(dir, 'missing') } }));
  assert.match(!e.ok ? e.message : '', /IPCLS_SERVER_PATH/);
});

test('settings expand ~, ${workspaceFolder}, workspace-relative paths and bare names on PATH', () => {
  const inWs = file('ws/target/release/ipcls');
  const home = file('home/bin/ipcls');
  const dev = file('bin/ipcls-dev');
  const env = { HOME: path.join(dir, 'home'), PATH: path.join(dir, 'bin') };
  for (const [setting, want] of [
    ['${workspaceFolder}/target/release/ipcls', inWs],
    ['target/release/ipcls', inWs],
    ['~/bin/ipcls', home],
    ['ipcls-dev', dev],
  ]) {
    const d = discoverServer(input({ setting, env }));
    assert.equal(d.ok && d.path, want, setting);
  }
});

test('nothing found: the message says where it looked and how to fix it', () => {
  const d = discoverServer(input({ env: { PATH: path.join(dir, 'bin') } }));
  assert.equal(d.ok, false);
  const message = !d.ok ? d.message : '';
  for (const want of ['ipcls.server.path', 'IPCLS_SERVER_PATH', bundledPath(path.join(dir, 'ext'), 'linux'), 'PATH', 'cargo install']) {
    assert.ok(message.includes(want), `${want} missing from: ${message}`);
  }
  assert.deepEqual(
    describeDiscovery(d).slice(1).map((l) => l.trim().split(':')[0]),
    ['bundled', 'PATH'],
  );
});

test('Windows looks for ipcls.exe with ; separated PATH', () => {
  const exe = path.join('C:', 'tools', 'ipcls.exe');
  const d = discoverServer(
    input({ platform: 'win32', env: { Path: `C:${path.sep}x;${path.join('C:', 'tools')}` }, isExecutable: (f) => f === exe }),
  );
  assert.equal(d.ok && d.path, exe);
});
