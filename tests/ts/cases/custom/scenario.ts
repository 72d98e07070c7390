// A naming template, an `(ipcls.channel)` option and another bridge key (`window.api`).
import assert from 'node:assert/strict';
import { handlers } from 'fake-electron';
import { registerFilesService } from './gen/main';
import { exposeIpc } from './gen/preload';
import { ipc } from './gen/renderer';

Object.assign(globalThis, { window: globalThis });

async function main(): Promise<void> {
  exposeIpc();
  assert.equal(typeof (globalThis as { api?: unknown }).api, 'object');
  registerFilesService({
    open: (request) => ({ value: request.value.toUpperCase() }),
    recent: () => ({ paths: [{ value: '/a' }] }),
    inspect: (request) => {
      if (request.value === '') {
        throw Object.assign(new Error('empty path'), { code: 'EMPTY' });
      }
      return { code: 'OK' };
    },
  });
  assert.deepEqual([...handlers.keys()].sort(), ['app.FilesService/Inspect', 'app.FilesService/Recent', 'files:open']);
  assert.deepEqual(await ipc.files.inspect({ value: '/x' }), { code: 'OK' });
  await assert.rejects(ipc.files.inspect({ value: '' }), (e: unknown) => e instanceof Error && (e as { code?: string }).code === 'EMPTY');
  assert.deepEqual(await ipc.files.open({ value: '/x' }), { value: '/X' });
  assert.deepEqual(await ipc.files.recent({}), { paths: [{ value: '/a' }] });
  console.log('ok');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
