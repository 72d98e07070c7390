//! What the status bar item says in each state of the server. Pure.

export type ServerStatus =
  | { state: 'starting' }
  | { state: 'indexing'; message?: string; percentage?: number }
  | { state: 'ready'; channels: number; errors: number; warnings: number }
  | { state: 'stopped'; reason: string }
  | { state: 'not-started'; reason: string };

export interface StatusView {
  text: string;
  tooltip: string;
  /** Whether the item is drawn as an error. */
  error: boolean;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function statusView(s: ServerStatus): StatusView {
  switch (s.state) {
    case 'starting':
      return { text: '$(sync~spin) ipcls', tooltip: 'ipcls: starting the server', error: false };
    case 'indexing': {
      const pct = s.percentage === undefined ? '' : ` ${s.percentage}%`;
      return {
        text: `$(sync~spin) ipcls: indexing${pct}`,
        tooltip: `ipcls: indexing${s.message ? ` (${s.message})` : ''}`,
        error: false,
      };
    }
    case 'ready': {
      const problems = [s.errors > 0 ? plural(s.errors, 'error') : '', s.warnings > 0 ? plural(s.warnings, 'warning') : '']
        .filter((p) => p)
        .join(', ');
      return {
        text: `$(symbol-event) ipcls: ${plural(s.channels, 'channel')}`,
        tooltip: `ipcls: ${plural(s.channels, 'channel')} indexed${problems ? `; ${problems}` : ''}. Click for the IPC Channels view.`,
        error: false,
      };
    }
    case 'stopped':
      return { text: '$(error) ipcls', tooltip: `ipcls: ${s.reason}. Click for the output.`, error: true };
    case 'not-started':
      return { text: '$(circle-slash) ipcls', tooltip: `ipcls is not running: ${s.reason}`, error: false };
  }
}
