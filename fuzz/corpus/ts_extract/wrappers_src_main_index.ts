import { app, BrowserWindow } from 'electron';
import path from 'node:path';
import log from 'electron-log/main';
import { registerHandlers } from './handlers';

function createWindow(): BrowserWindow {
  const mainWindow = new BrowserWindow({
    width: 1024,
    height: 700,
    frame: false,
    webPreferences: {
      preload: path.join(__dirname, '../preload/index.js'),
      contextIsolation: true,
    },
  });
  mainWindow.webContents.on('did-finish-load', () => log.info('renderer loaded'));
  void mainWindow.loadFile(path.join(__dirname, '../renderer/index.html'));
  return mainWindow;
}

app.whenReady().then(() => {
  log.initialize();
  registerHandlers();
  createWindow();

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
