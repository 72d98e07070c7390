import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';

type Listener = (...args: unknown[]) => void;

// Forwards any channel: the page names channels itself.
const electronHandler = {
  ipcRenderer: {
    invoke: (channel: string, ...args: unknown[]): Promise<unknown> =>
      ipcRenderer.invoke(channel, ...args),
    send(channel: string, ...args: unknown[]): void {
      ipcRenderer.send(channel, ...args);
    },
    sendMessage(channel: string, ...args: unknown[]): void {
      ipcRenderer.send(channel, ...args);
    },
    on(channel: string, func: Listener): () => void {
      const subscription = (_event: IpcRendererEvent, ...args: unknown[]) => func(...args);
      ipcRenderer.on(channel, subscription);
      return () => {
        ipcRenderer.removeListener(channel, subscription);
      };
    },
    once(channel: string, func: Listener): void {
      ipcRenderer.once(channel, (_event, ...args) => func(...args));
    },
    removeAllListeners(channel: string): void {
      ipcRenderer.removeAllListeners(channel);
    },
  },
  process: {
    platform: process.platform,
    versions: { ...process.versions },
  },
};

export type ElectronHandler = typeof electronHandler;

if (process.contextIsolated) {
  try {
    contextBridge.exposeInMainWorld('electron', electronHandler);
  } catch (error) {
    console.error(error);
  }
} else {
  // @ts-ignore (define in dts)
  window.electron = electronHandler;
}
