/**
 * Every IPC channel of the app. Main and preload import these instead of
 * spelling the strings, so a rename happens in one place.
 */

/** Prefix of the document channels (`document:save`, ...). */
export const DOCUMENT_PREFIX = 'document';

/** Theme notifications are `${THEME_SCOPE}:${THEME_EVENT}`. */
export const THEME_SCOPE = 'theme';
export const THEME_EVENT = 'changed';

export const QUIT_APP = 'app:quit';

export const CHANNELS = {
  getVersion: 'app:getVersion',
  openExternal: 'app:openExternal',
} as const;

export type AppChannel = (typeof CHANNELS)[keyof typeof CHANNELS];

export enum IpcChannel {
  GetSettings = 'settings:get',
  SetSettings = 'settings:set',
}
