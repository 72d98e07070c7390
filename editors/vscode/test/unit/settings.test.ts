//! Settings → server configuration: every server setting the extension declares reaches the
//! `ipcls.toml` shape, with the server's defaults when nothing is set.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';

import { affectsServer, configurationAnswer, needsRestart, serverConfig } from '../../src/settings';

interface Property {
  default?: unknown;
}
const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
const properties: Record<string, Property> = manifest.contributes.configuration.properties;

/** A reader over the manifest's defaults, with `overrides`, recording which keys were read. */
function reader(overrides: Record<string, unknown> = {}, seen?: Set<string>) {
  return (key: string) => {
    seen?.add(key);
    return key in overrides ? overrides[key] : properties[`ipcls.${key}`]?.default;
  };
}

test('the defaults of package.json give the server defaults (those of ipcls.toml)', () => {
  assert.deepEqual(serverConfig(reader()), {
    contract: { include: [], roots: [], template: '{service}:{method}' },
    process: { main: [], preload: [], renderer: [] },
    channels: { strict: false, ignore: [], define: {} },
    wrappers: [],
    limits: { max_file_size: 2097152, max_files: 200000 },
  });
});

test('every declared setting except the editor-only ones is read', () => {
  const seen = new Set<string>();
  serverConfig(reader({}, seen));
  const declared = Object.keys(properties)
    .map((k) => k.replace(/^ipcls\./, ''))
    .filter((k) => !k.startsWith('server.') && !k.startsWith('trace.'));
  assert.deepEqual([...seen].sort(), declared.sort());
});

test('values are mapped to the file keys; bad entries are dropped, empty namespace omitted', () => {
  const config = serverConfig(
    reader({
      'contract.include': ['proto/**/*.proto', 3, ''],
      'contract.template': '  ',
      'channels.strict': true,
      'channels.namespace': ' sentry-ipc ',
      'channels.ignore': ['sentry-electron.*'],
      'channels.define': { IPC_PREFIX: 'app', bad: 1 },
      wrappers: [{ name: 'bus.request', kind: 'invoke', channelArg: 1 }, { name: 'x' }, { name: 'y', kind: 'send' }],
      'limits.maxFiles': -1,
    }),
  );
  assert.deepEqual(config.contract.include, ['proto/**/*.proto']);
  assert.equal(config.contract.template, '{service}:{method}');
  assert.deepEqual(config.channels, {
    strict: true,
    namespace: 'sentry-ipc',
    ignore: ['sentry-electron.*'],
    define: { IPC_PREFIX: 'app' },
  });
  assert.deepEqual(config.wrappers, [
    { name: 'bus.request', kind: 'invoke', channel_arg: 1 },
    { name: 'y', kind: 'send', channel_arg: 0 },
  ]);
  assert.equal(config.limits.max_files, 200000);
  assert.equal('namespace' in serverConfig(reader({ 'channels.namespace': '' })).channels, false);
});

test('workspace/configuration for section ipcls is answered with the config; other sections are not', () => {
  const config = serverConfig(reader());
  assert.deepEqual(configurationAnswer([{ section: 'ipcls' }], config), [config]);
  assert.equal(configurationAnswer([{ section: 'editor' }], config), undefined);
  assert.equal(configurationAnswer([], config), undefined);
});

test('which changes are pushed to the server and which restart it', () => {
  const changed = (sections: string[]) => (s: string) => sections.some((c) => c.startsWith(s) || s.startsWith(c));
  assert.equal(affectsServer(changed(['ipcls.channels.strict'])), true);
  assert.equal(affectsServer(changed(['ipcls.trace.server'])), false);
  assert.equal(needsRestart(changed(['ipcls.server.path'])), true);
  assert.equal(needsRestart(changed(['ipcls.channels'])), false);
});
