// The article's contract: Empty and wrapper types, a request message, codes on errors.
import assert from 'node:assert/strict';
import { handlers } from 'fake-electron';
import { registerDialogService } from './gen/main';
import { exposeIpc } from './gen/preload';
import { ipc } from './gen/renderer';
import { IpcError, SaveFileRequest } from './gen/types';

Object.assign(globalThis, { window: globalThis });

async function main(): Promise<void> {
  exposeIpc();
  const dispose = registerDialogService(
    {
      openFile: () => '/tmp/a.txt',
      async saveFile(request) {
        if (request.suggestedName === '') {
          throw new IpcError('EMPTY_NAME', 'no name given');
        }
        return { path: `/tmp/${request.suggestedName}`, canceled: false };
      },
    },
    { validate: true },
  );
  assert.deepEqual([...handlers.keys()], ['dialog:openFile', 'dialog:saveFile']);
  assert.equal(await ipc.dialog.openFile({}), '/tmp/a.txt');
  assert.equal(await ipc.dialog.openFile(), '/tmp/a.txt');
  assert.deepEqual(await ipc.dialog.saveFile({ suggestedName: 'b.txt', contents: 'x' }), {
    path: '/tmp/b.txt',
    canceled: false,
  });
  await assert.rejects(
    ipc.dialog.saveFile({ suggestedName: '', contents: '' }),
    (e: unknown) => e instanceof IpcError && e.code === 'EMPTY_NAME' && e.message === 'no name given',
  );
  const bad = { suggestedName: 3, contents: 'x' } as unknown as SaveFileRequest;
  await assert.rejects(
    ipc.dialog.saveFile(bad),
    (e: unknown) =>
      e instanceof IpcError && e.code === 'INVALID_ARGUMENT' && e.message === 'request.suggestedName must be a string',
  );
  dispose();
  assert.equal(handlers.size, 0);
  await assert.rejects(ipc.dialog.openFile({}), /No handler registered for 'dialog:openFile'/);
  console.log('ok');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
