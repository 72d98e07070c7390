// Every field kind crosses main → renderer and back unchanged; events arrive and stop after
// unsubscribing; codes of thrown errors survive; run-time validation rejects what types forbid.
import assert from 'node:assert/strict';
import { handlers, webContents } from 'fake-electron';
import { registerClockService, registerStoreService, sendClockTicks, sendStoreProgress } from './gen/main';
import { exposeIpc } from './gen/preload';
import { ipc } from './gen/renderer';
import { Everything, Inner, IpcError, Progress } from './gen/types';

Object.assign(globalThis, { window: globalThis });

const inner: Inner = { name: 'in', size: 'LARGE' };

// Every field but the oneof `choice`.
const fields = {
  aDouble: 1.5,
  aFloat: 2.25,
  aInt32: -3,
  aInt64: '-9007199254740993',
  aUint32: 4,
  aUint64: '18446744073709551615',
  aSint32: -5,
  aSint64: '-6',
  aFixed32: 7,
  aFixed64: '8',
  aSfixed32: -9,
  aSfixed64: '-10',
  aBool: true,
  aString: 'héllo 📚',
  aBytes: 'AAEC',
  color: 'GREEN',
  inner,
  nickname: 'nick',
  tags: ['a', 'b'],
  inners: [inner, { name: 'other', size: 'SMALL' }],
  counts: { x: '1', y: '2' },
  byId: { '1': inner },
  createdAt: '2024-05-06T07:08:09.123Z',
  timeout: '1.5s',
  extra: { a: [1, 'two', null, { b: true }] },
  anything: null,
  list: [1, 'x'],
  big: '123',
  flag: false,
  mask: 'a,b.c',
  detail: { '@type': 'type.googleapis.com/kinds.v1.Inner', name: 'x' },
  maybeName: 'maybe',
} satisfies Omit<Everything, 'text' | 'size' | 'picked'>;

const everything: Everything = { ...fields, picked: inner };

// The types follow the JSON mapping: these must not compile.
// @ts-expect-error 64-bit integers are strings
const int64AsNumber: Everything = { ...fields, aInt64: 1 };
// @ts-expect-error enums are their value names
const enumAsNumber: Everything = { ...fields, color: 1 };
// @ts-expect-error at most one member of a oneof
const twoChoices: Everything = { ...fields, text: 'both', picked: inner };
void [int64AsNumber, enumAsNumber, twoChoices];

async function main(): Promise<void> {
  exposeIpc();
  let count = 0;
  registerStoreService(
    {
      echo: (request) => request,
      count: () => String(++count),
      fail(request) {
        throw Object.assign(new Error(`cannot open ${request}`), { code: 'ENOENT' });
      },
    },
    { validate: true },
  );
  registerClockService({ now: () => '2024-01-01T00:00:00Z' });
  assert.deepEqual([...handlers.keys()].sort(), ['clock:now', 'store:count', 'store:echo', 'store:fail']);

  assert.deepEqual(await ipc.store.echo(everything), everything);
  const choices: Everything[] = [
    { ...fields, text: 'chosen' },
    { ...fields, size: 'SMALL' },
    { ...fields },
  ];
  for (const value of choices) {
    assert.deepEqual(await ipc.store.echo(value), value);
  }
  assert.equal(await ipc.store.count({}), '1');
  assert.equal(await ipc.store.count(), '2');
  assert.equal(await ipc.clock.now(), '2024-01-01T00:00:00Z');

  await assert.rejects(
    ipc.store.fail('/nope'),
    (e: unknown) => e instanceof IpcError && e.code === 'ENOENT' && e.message === 'cannot open /nope',
  );
  const invalid: [unknown, string][] = [
    [{ ...everything, aInt64: 1 }, 'request.aInt64 must be an integer written as a string'],
    [{ ...everything, color: 'PURPLE' }, 'request.color must be one of COLOR_UNSPECIFIED, RED, GREEN'],
    [{ ...everything, text: 'both' }, 'request sets text and picked, of which at most one may be set'],
    [{ ...everything, inners: [inner, { name: 1 }] }, 'request.inners[1].name must be a string'],
    [{ ...everything, counts: { x: 2 } }, 'request.counts["x"] must be an integer written as a string'],
    [{ ...everything, nickname: 5 }, 'request.nickname must be a string'],
    [{ ...everything, detail: { name: 'no type' } }, "request.detail must be an object with a string '@type'"],
    ['not an object', 'request must be an object'],
  ];
  for (const [request, message] of invalid) {
    await assert.rejects(
      ipc.store.echo(request as Everything),
      (e: unknown) => e instanceof IpcError && e.code === 'INVALID_ARGUMENT' && e.message === message,
    );
  }

  const progress: Progress[] = [];
  const ticks: string[] = [];
  const stop = ipc.store.onProgress((p) => progress.push(p));
  const stopTicks = ipc.clock.onTicks((d) => ticks.push(d));
  const target = { webContents };
  sendStoreProgress(target, { percent: 50, note: 'half' });
  sendClockTicks(target, '2s');
  stop();
  sendStoreProgress(target, { percent: 100, note: 'done' });
  stopTicks();
  sendClockTicks(target, '3s');
  assert.deepEqual(progress, [{ percent: 50, note: 'half' }]);
  assert.deepEqual(ticks, ['2s']);
  console.log('ok');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
