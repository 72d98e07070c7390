//! When the extension starts the server: Electron apps and contracts, not every Node project.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';

import { dependsOnElectron, reasonToStart } from '../../src/workspace';

const repo = path.join(__dirname, '..', '..', '..', '..', '..');

test('the fixtures are Electron apps by their package.json', () => {
  for (const name of ['article', 'demo', 'commonjs']) {
    const text = fs.readFileSync(path.join(repo, 'fixtures', name, 'package.json'), 'utf8');
    assert.equal(dependsOnElectron(text), true, name);
  }
});

test('electron in any dependency field counts; other packages, broken JSON and non-objects do not', () => {
  assert.equal(dependsOnElectron('{"devDependencies":{"electron":"^33.0.0"}}'), true);
  assert.equal(dependsOnElectron('{"dependencies":{"electron-store":"1"}}'), false);
  assert.equal(dependsOnElectron('{"dependencies":'), false);
  assert.equal(dependsOnElectron('[]'), false);
  assert.equal(dependsOnElectron('{"dependencies":"electron"}'), false);
});

test('the reason to start names its evidence', () => {
  const none = { protoFiles: 0, hasConfigFile: false, packageJsons: [{ path: 'package.json', text: '{}' }] };
  assert.equal(reasonToStart(none), undefined);
  assert.equal(reasonToStart({ ...none, protoFiles: 2 }), '2 .proto files found');
  assert.equal(reasonToStart({ ...none, hasConfigFile: true }), 'ipcls.toml found');
  const app = { path: 'app/package.json', text: '{"devDependencies":{"electron":"33"}}' };
  assert.equal(reasonToStart({ ...none, packageJsons: [none.packageJsons[0], app] }), 'app/package.json depends on electron');
});
