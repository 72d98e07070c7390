// An in-process stand-in for Electron's IPC, for the round-trip tests of generated bindings
// (tests/it/codegen.rs): main, preload and page share one Node process. Like Electron, values
// cross "processes" as structured clones, `invoke` carries only an error's message, a second
// `handle` of a channel throws, and `contextBridge` puts the API on the page's global object.
'use strict';

const clone = (value) => (value === undefined ? undefined : structuredClone(value));

const handlers = new Map();
const listeners = new Map();

const ipcRenderer = {
  async invoke(channel, ...args) {
    const handler = handlers.get(channel);
    if (!handler) {
      throw new Error(`Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`);
    }
    try {
      return clone(await handler({ sender: webContents }, ...args.map(clone)));
    } catch (error) {
      // Electron keeps the message only: any code or class is lost on the way.
      throw new Error(`Error invoking remote method '${channel}': ${error}`);
    }
  },
  on(channel, listener) {
    if (!listeners.has(channel)) listeners.set(channel, []);
    listeners.get(channel).push(listener);
    return ipcRenderer;
  },
  removeListener(channel, listener) {
    const list = listeners.get(channel) || [];
    const at = list.indexOf(listener);
    if (at >= 0) list.splice(at, 1);
    return ipcRenderer;
  },
};

const webContents = {
  id: 1,
  send(channel, ...args) {
    for (const listener of [...(listeners.get(channel) || [])]) {
      listener({ sender: ipcRenderer }, ...args.map(clone));
    }
  },
};

const ipcMain = {
  handle(channel, handler) {
    if (handlers.has(channel)) {
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    }
    handlers.set(channel, handler);
  },
  removeHandler(channel) {
    handlers.delete(channel);
  },
};

const contextBridge = {
  exposeInMainWorld(key, api) {
    globalThis[key] = api;
  },
};

module.exports = { ipcMain, ipcRenderer, contextBridge, webContents, handlers, listeners };
