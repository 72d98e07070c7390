import { app, BrowserWindow, ipcMain } from 'electron';
import { EventEmitter } from 'node:events';
import log from 'electron-log/main';
import { autoUpdater } from 'electron-updater';
import type { Settings } from '../shared/api';
import { handle, handleLogged, ipcMainManager } from './ipc';

/** In-process notifications between main-process modules; not IPC. */
export const settingsBus = new EventEmitter();

let settings: Settings = {
  autoUpdate: true,
  telemetry: false,
  downloadDir: app.getPath('downloads'),
};

/** Buttons of the frameless title bar; one plain `on` listener each. */
const WINDOW_CHANNELS = [
  'window:minimize',
  'window:maximize',
  'window:close',
] as const;

export function registerHandlers(): void {
  handle('settings:get', () => settings);

  handle('settings:save', (_event, next) => {
    settings = next;
    settingsBus.emit('settings:changed', next);
    ipcMainManager.send('settings:changed', next);
  });

  handle('app:info', () => ({
    version: app.getVersion(),
    platform: process.platform,
    arch: process.arch,
  }));

  handleLogged('updater:check', async () => {
    const result = await autoUpdater.checkForUpdates();
    return result?.updateInfo.version ?? null;
  });

  ipcMainManager.on('app:relaunch', () => {
    app.relaunch();
    app.exit(0);
  });

  for (const channel of WINDOW_CHANNELS) {
    ipcMain.on(channel, (event) => {
      const window = BrowserWindow.fromWebContents(event.sender);
      if (!window) return;
      if (channel === 'window:minimize') window.minimize();
      else if (channel === 'window:maximize') window.isMaximized() ? window.unmaximize() : window.maximize();
      else window.close();
    });
  }

  settingsBus.on('settings:changed', (next: Settings) => {
    log.info('settings changed', next);
  });

  autoUpdater.on('update-available', (info) => {
    ipcMainManager.send('updater:available', info.version);
  });
}
