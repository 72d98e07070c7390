//! The extension's `ipcls.*` settings → the server's configuration: the keys of `ipcls.toml`
//! (`initializationOptions` and the answer to `workspace/configuration`). Editor-only settings
//! (`server`, `trace`) are left out, since the server refuses keys it does not know.

/** The `ipcls.toml` shape the server reads (snake_case keys, as in the file). */
export interface ServerConfig {
  contract: { include: string[]; roots: string[]; template: string };
  process: { main: string[]; preload: string[]; renderer: string[] };
  channels: { strict: boolean; namespace?: string; ignore: string[]; define: Record<string, string> };
  wrappers: { name: string; kind: string; channel_arg: number }[];
  limits: { max_file_size: number; max_files: number };
}

/** Reads one setting by its dotted name below `ipcls` (as `WorkspaceConfiguration.get` does). */
export type SettingsReader = (key: string) => unknown;

export const DEFAULT_TEMPLATE = '{service}:{method}';

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v.length > 0) : [];
}

function count(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : fallback;
}

function define(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  }
  return out;
}

function wrappers(value: unknown): ServerConfig['wrappers'] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((w): w is Record<string, unknown> => !!w && typeof w === 'object')
    .filter((w) => typeof w.name === 'string' && typeof w.kind === 'string')
    .map((w) => ({
      name: w.name as string,
      kind: w.kind as string,
      channel_arg: count(w.channelArg ?? w.channel_arg, 0),
    }));
}

/** The server configuration for the current settings; the server validates globs and templates. */
export function serverConfig(get: SettingsReader): ServerConfig {
  const template = get('contract.template');
  const namespace = get('channels.namespace');
  const config: ServerConfig = {
    contract: {
      include: strings(get('contract.include')),
      roots: strings(get('contract.roots')),
      template: typeof template === 'string' && template.trim() ? template : DEFAULT_TEMPLATE,
    },
    process: {
      main: strings(get('process.main')),
      preload: strings(get('process.preload')),
      renderer: strings(get('process.renderer')),
    },
    channels: {
      strict: get('channels.strict') === true,
      ignore: strings(get('channels.ignore')),
      define: define(get('channels.define')),
    },
    wrappers: wrappers(get('wrappers')),
    limits: {
      max_file_size: count(get('limits.maxFileSize'), 2 * 1024 * 1024),
      max_files: count(get('limits.maxFiles'), 200_000),
    },
  };
  if (typeof namespace === 'string' && namespace.trim()) config.channels.namespace = namespace.trim();
  return config;
}

/** Whether a settings change concerns the server (and not only the editor side). */
export function affectsServer(changed: (section: string) => boolean): boolean {
  return ['contract', 'process', 'channels', 'wrappers', 'limits'].some((s) => changed(`ipcls.${s}`));
}

/** Whether a settings change needs a new server process. */
export function needsRestart(changed: (section: string) => boolean): boolean {
  return changed('ipcls.server.path');
}

/**
 * The answer to a `workspace/configuration` request when every item asks for section `ipcls`
 * (what the server does): the server configuration for each; `undefined` to let VS Code answer.
 */
export function configurationAnswer(items: { section?: string }[], config: ServerConfig): ServerConfig[] | undefined {
  return items.length > 0 && items.every((item) => item.section === 'ipcls') ? items.map(() => config) : undefined;
}
