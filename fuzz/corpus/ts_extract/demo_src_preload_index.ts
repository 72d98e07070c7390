import { contextBridge, ipcRenderer } from 'electron';

export interface Note {
  id: string;
  title: string;
  body: string;
  pinned: boolean;
  updatedAt: number;
}

export type NoteSummary = Omit<Note, 'body'>;

const notes = {
  list: (): Promise<{ notes: NoteSummary[] }> => ipcRenderer.invoke('notes:list', { query: '' }),
  search: (query: string): Promise<{ notes: NoteSummary[] }> =>
    ipcRenderer.invoke('notes:lst', { query }),
  get: (id: string): Promise<Note> => ipcRenderer.invoke('notes:get', { id }),
  create: (title: string): Promise<Note> => ipcRenderer.invoke('notes:create', { title }),
  update: (note: Note): Promise<Note> => ipcRenderer.invoke('notes:update', note),
  remove: (id: string): void => ipcRenderer.send('notes:delete', { id }),
};

export type NotesApi = typeof notes;

contextBridge.exposeInMainWorld('notes', notes);
