// Types of what the scenarios read from the stand-in beyond Electron's own API.
declare module 'fake-electron' {
  import type { WebContents } from 'electron';
  export const webContents: WebContents;
  export const handlers: Map<string, unknown>;
  export const listeners: Map<string, unknown[]>;
}
