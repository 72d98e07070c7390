//! The IPC Channels tree from real `ipcls channels --format json` output of the fixtures (captured
//! in test/data, refreshed by test/data/capture.sh), with the problems `ipcls check --format json`
//! reports for the same fixture.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';

import { buildTree, catalogueMarkdown, ChannelNode, GroupNode, parseCatalogue, Problem, roleOf, SiteNode } from '../../src/channels';
import { statusView } from '../../src/status';

const data = path.join(__dirname, '..', '..', '..', 'test', 'data');

function catalogue(name: string) {
  return parseCatalogue(JSON.parse(fs.readFileSync(path.join(data, `${name}.channels.json`), 'utf8')));
}

/** `ipcls check --format json` diagnostics as the editor would hold them. */
function problems(name: string): Problem[] {
  const check = JSON.parse(fs.readFileSync(path.join(data, `${name}.check.json`), 'utf8'));
  return check.diagnostics.map((d: Record<string, unknown>) => ({
    file: d.file,
    line: d.line,
    column: d.column,
    endLine: d.end_line,
    endColumn: d.end_column,
    severity: d.severity,
    code: d.code,
    channel: d.channel,
    message: d.message,
  }));
}

/** A readable outline of the tree: one line per node, indented. */
function outline(groups: GroupNode[]): string[] {
  const lines: string[] = [];
  for (const g of groups) {
    lines.push(`${g.label} (${g.description})`);
    for (const c of g.children) {
      if (c.type === 'channel') {
        lines.push(`  ${c.name} (${c.description})${c.problems[0] ? ` !${c.problems[0].severity}` : ''}`);
        for (const s of c.children) lines.push(`    ${s.label} ${s.description}${s.problems.length ? ` !${s.problems.map((p) => p.code).join(',')}` : ''}`);
      } else {
        lines.push(`  ${c.label} ${c.description}`);
      }
    }
  }
  return lines;
}

test('article: one service, each channel with its handler, bridge and renderer call in that order', () => {
  assert.deepEqual(outline(buildTree(catalogue('article'), problems('article'))), [
    'DialogService (2 channels)',
    '  dialog:openFile (1 handler · 2 callers)',
    '    handler: handle · main src/main.ts:46',
    '    bridge: invoke · preload src/preload.ts:5',
    '    call: invoke via bridge · renderer src/renderer.ts:7',
    '  dialog:saveFile (1 handler · 2 callers)',
    '    handler: handle · main src/main.ts:47',
    '    bridge: invoke · preload src/preload.ts:7',
    '    call: invoke via bridge · renderer src/renderer.ts:14',
  ]);
});

test('demo: the typo is "not in contract" and marked with its errors; the unimplemented rpc is marked', () => {
  const tree = buildTree(catalogue('demo'), problems('demo'));
  assert.deepEqual(
    tree.map((g) => [g.label, g.kind, g.children.length]),
    [
      ['NotesService', 'service', 6],
      ['not in contract', 'not-in-contract', 1],
    ],
  );
  const typo = tree[1].children[0] as ChannelNode;
  assert.equal(typo.name, 'notes:lst');
  assert.equal(typo.description, 'no handler · 2 callers · 2 problems');
  const bridge = typo.children.find((c) => c.role === 'bridge') as SiteNode;
  assert.deepEqual(bridge.problems.map((p) => [p.severity, p.code]), [
    ['error', 'no-handler'],
    ['warning', 'not-in-contract'],
  ]);
  assert.match(bridge.problems[0].message, /did you mean 'notes:list'/);
  const pin = tree[0].children.find((c) => c.type === 'channel' && c.name === 'notes:pin') as ChannelNode;
  assert.deepEqual(pin.children, []);
  assert.deepEqual(pin.problems.map((p) => p.code), ['unimplemented-rpc']);
  assert.equal(tree[0].problems[0].severity, 'error', 'the service group shows its worst problem (kind-mismatch)');
});

test('broken: unresolved sites get their own group with the expression; every channel-diagnostic lands on a node', () => {
  const cat = catalogue('broken');
  const probs = problems('broken');
  const tree = buildTree(cat, probs);
  assert.deepEqual(tree.map((g) => g.label), ['TasksService', 'not in contract', 'unresolved']);
  const unresolved = tree[tree.length - 1];
  assert.equal(unresolved.kind, 'unresolved');
  assert.equal((unresolved.children[0] as SiteNode).label, 'handle · main: `reports:${name}`');
  assert.deepEqual(unresolved.problems.map((p) => p.code), ['unresolved-channel']);
  const marked = new Set(tree.flatMap((g) => g.problems));
  const check = JSON.parse(fs.readFileSync(path.join(data, 'broken.check.json'), 'utf8'));
  const channelled = probs.filter((_, i) => check.diagnostics[i].channel !== undefined);
  for (const p of channelled) assert.ok(marked.has(p), `not shown in the tree: ${p.code} ${p.file}:${p.line}`);
});

test('no contract: one "channels" group; roles follow the process and kind', () => {
  const tree = buildTree(catalogue('commonjs'));
  assert.deepEqual(tree.map((g) => g.label), ['channels']);
  assert.equal(tree[0].children.length, catalogue('commonjs').channels.length);
  assert.equal(roleOf({ kind: 'on', process: 'main', file: 'a', line: 1, column: 1 }), 'handler');
  assert.equal(roleOf({ kind: 'listen', process: 'renderer', file: 'a', line: 1, column: 1 }), 'listener');
  assert.equal(roleOf({ kind: 'push', process: 'main', file: 'a', line: 1, column: 1 }), 'call');
  assert.equal(roleOf({ kind: 'send', process: 'preload', file: 'a', line: 1, column: 1 }), 'bridge');
});

test('the markdown catalogue lists every channel, rpc and problem', () => {
  const md = catalogueMarkdown(catalogue('demo'), problems('demo'));
  assert.match(md, /^# IPC channels\n\n7 channels, 17 sites, 0 unresolved\./);
  assert.match(md, /### `notes:list` — rpc `NotesService.List` \(proto\/notes.proto:10\)/);
  assert.match(md, /- bridge: invoke · preload — `src\/preload\/index.ts:16` — error: No handler registered for 'notes:lst'/);
  assert.match(md, /- warning: rpc NotesService.Pin \('notes:pin'\) is not implemented/);
});

test('a malformed answer is refused with a message', () => {
  assert.throws(() => parseCatalogue(null), /not an object/);
  assert.throws(() => parseCatalogue({ channels: [{ name: 'x', sites: [{}] }] }), /bad site/);
});

test('status bar: indexing percentage, channel count and problems', () => {
  assert.equal(statusView({ state: 'indexing', percentage: 50, message: 'resolving channels' }).text, '$(sync~spin) ipcls: indexing 50%');
  const ready = statusView({ state: 'ready', channels: catalogue('demo').channels.length, errors: 2, warnings: 1 });
  assert.equal(ready.text, '$(symbol-event) ipcls: 7 channels');
  assert.match(ready.tooltip, /2 errors, 1 warning/);
  assert.equal(statusView({ state: 'stopped', reason: 'server not found' }).error, true);
});
