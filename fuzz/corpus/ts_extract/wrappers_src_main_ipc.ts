import { BrowserWindow, ipcMain, type IpcMainEvent, type IpcMainInvokeEvent } from 'electron';
import log from 'electron-log/main';
import type { MainApi, RendererEvents } from '../shared/api';

type Listener<K extends keyof MainApi> = (
  event: IpcMainInvokeEvent,
  ...args: Parameters<MainApi[K]>
) => ReturnType<MainApi[K]> | Promise<ReturnType<MainApi[K]>>;

/** Typed `ipcMain.handle`: the channel must be a key of MainApi. */
export function handle<K extends keyof MainApi>(channel: K, listener: Listener<K>): void {
  ipcMain.handle(channel, listener as (event: IpcMainInvokeEvent, ...args: any[]) => unknown);
}

/** Same as `handle`, and logs how long every call took. */
export function handleLogged<K extends keyof MainApi>(channel: K, listener: Listener<K>): void {
  handle(channel, async (event, ...args) => {
    const started = performance.now();
    try {
      return await listener(event, ...args);
    } finally {
      log.debug(`[ipc] ${channel} took ${(performance.now() - started).toFixed(1)} ms`);
    }
  });
}

/** Fire-and-forget messages from windows, and broadcasts to all of them. */
class IpcMainManager {
  private readonly listeners = new Map<string, number>();

  on(channel: string, listener: (event: IpcMainEvent, ...args: any[]) => void): this {
    this.listeners.set(channel, (this.listeners.get(channel) ?? 0) + 1);
    ipcMain.on(channel, listener);
    return this;
  }

  send<K extends keyof RendererEvents>(channel: K, ...args: RendererEvents[K]): void {
    for (const window of BrowserWindow.getAllWindows()) {
      if (!window.isDestroyed()) {
        window.webContents.send(channel, ...args);
      }
    }
  }

  listenerCount(channel: string): number {
    return this.listeners.get(channel) ?? 0;
  }
}

export const ipcMainManager = new IpcMainManager();
