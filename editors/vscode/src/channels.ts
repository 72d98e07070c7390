//! The `ipcls/channels` answer (the JSON of `ipcls channels --format json`) and the tree the IPC
//! Channels view shows: channels grouped by contract service (then "not in contract" and
//! "unresolved"), each with its handler, bridge and call sites, and the problems at them. Pure:
//! the vscode glue (`channelsView.ts`) only turns these nodes into tree items.

/** One site, as the server reports it: paths relative to the workspace, 1-based line and column. */
export interface Site {
  kind: string;
  process: string;
  file: string;
  line: number;
  column: number;
  written?: string;
  expression?: string;
}

export interface Channel {
  name: string;
  contract?: { service: string; method: string; file: string; line: number };
  sites: Site[];
}

export interface Catalogue {
  channels: Channel[];
  unresolved: Site[];
}

/** A diagnostic from the editor, in the same coordinates as sites (1-based; end inclusive line). */
export interface Problem {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: 'error' | 'warning' | 'info' | 'hint';
  code?: string;
  /** The channel the diagnostic is about, when the server says (`data.channel`). */
  channel?: string;
  message: string;
}

/** The role a site plays for its channel, in the order the view lists them. */
export type Role = 'handler' | 'listener' | 'bridge' | 'call' | 'reference';

export interface SiteNode {
  type: 'site';
  role: Role;
  site: Site;
  label: string;
  description: string;
  problems: Problem[];
}

export interface ChannelNode {
  type: 'channel';
  name: string;
  description: string;
  contract?: Channel['contract'];
  /** Problems at the channel's sites or its rpc, most severe first. */
  problems: Problem[];
  children: SiteNode[];
}

export interface GroupNode {
  type: 'group';
  label: string;
  kind: 'service' | 'not-in-contract' | 'channels' | 'unresolved';
  description: string;
  problems: Problem[];
  children: (ChannelNode | SiteNode)[];
}

export type Node = GroupNode | ChannelNode | SiteNode;

const RECEIVERS = new Set(['handle', 'on']);
const REFERENCES = new Set(['remove']);

/** Parses and checks the shape of an `ipcls/channels` answer; anything unexpected is an error. */
export function parseCatalogue(value: unknown): Catalogue {
  if (!value || typeof value !== 'object') throw new Error('ipcls/channels: not an object');
  const v = value as { channels?: unknown; unresolved?: unknown };
  if (!Array.isArray(v.channels)) throw new Error('ipcls/channels: no "channels" array');
  const site = (s: unknown): Site => {
    const o = s as Site;
    if (!o || typeof o.file !== 'string' || typeof o.line !== 'number' || typeof o.kind !== 'string') {
      throw new Error(`ipcls/channels: bad site ${JSON.stringify(s)}`);
    }
    return o;
  };
  return {
    channels: v.channels.map((c) => {
      const o = c as Channel;
      if (!o || typeof o.name !== 'string' || !Array.isArray(o.sites)) {
        throw new Error(`ipcls/channels: bad channel ${JSON.stringify(c)}`);
      }
      return { name: o.name, contract: o.contract ?? undefined, sites: o.sites.map(site) };
    }),
    unresolved: Array.isArray(v.unresolved) ? v.unresolved.map(site) : [],
  };
}

/** What a site is for its channel: main's `handle`/`on` is the handler, the preload's sender the bridge. */
export function roleOf(site: Site): Role {
  if (RECEIVERS.has(site.kind)) return 'handler';
  if (site.kind === 'listen') return 'listener';
  if (REFERENCES.has(site.kind) || site.kind.startsWith('remove')) return 'reference';
  if (site.process === 'preload') return 'bridge';
  return 'call';
}

const ROLE_ORDER: Role[] = ['handler', 'listener', 'bridge', 'call', 'reference'];
const SEVERITY_ORDER: Problem['severity'][] = ['error', 'warning', 'info', 'hint'];

function bySeverity(a: Problem, b: Problem): number {
  return SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity);
}

/**
 * The problems at a site: on its line, and either about its channel or with a range that covers
 * its column (a `wrong-process` error points at the receiver, before the channel).
 */
export function problemsAt(site: Pick<Site, 'file' | 'line' | 'column'>, problems: Problem[], channel?: string): Problem[] {
  return problems.filter(
    (p) =>
      p.file === site.file &&
      p.line === site.line &&
      ((channel !== undefined && p.channel === channel) ||
        (p.column <= site.column && (p.endLine > site.line || p.endColumn >= site.column))),
  );
}

function siteNode(site: Site, problems: Problem[], channel?: string): SiteNode {
  const role = roleOf(site);
  const how = site.written === 'bridge' ? `${site.kind} via bridge` : site.kind;
  return {
    type: 'site',
    role,
    site,
    label: `${role}: ${how} · ${site.process}`,
    description: `${site.file}:${site.line}`,
    problems: problemsAt(site, problems, channel).sort(bySeverity),
  };
}

function compareSites(a: SiteNode, b: SiteNode): number {
  return (
    ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role) ||
    a.site.file.localeCompare(b.site.file) ||
    a.site.line - b.site.line ||
    a.site.column - b.site.column
  );
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** One channel with its sites; problems of the rpc line (e.g. `unimplemented-rpc`) belong to it too. */
export function channelNode(channel: Channel, problems: Problem[]): ChannelNode {
  const children = channel.sites.map((s) => siteNode(s, problems, channel.name)).sort(compareSites);
  const own = children.flatMap((c) => c.problems);
  if (channel.contract) {
    const c = channel.contract;
    own.push(...problems.filter((p) => p.file === c.file && p.line === c.line));
  }
  const unique = [...new Set(own)].sort(bySeverity);
  const handlers = children.filter((c) => c.role === 'handler').length;
  const callers = children.filter((c) => c.role === 'call' || c.role === 'bridge').length;
  const parts = [handlers === 0 ? 'no handler' : plural(handlers, 'handler'), plural(callers, 'caller')];
  if (unique.length > 0) parts.push(plural(unique.length, 'problem'));
  return {
    type: 'channel',
    name: channel.name,
    description: parts.join(' · '),
    contract: channel.contract,
    problems: unique,
    children,
  };
}

function groupProblems(children: (ChannelNode | SiteNode)[]): Problem[] {
  return [...new Set(children.flatMap((c) => c.problems))].sort(bySeverity);
}

/**
 * The top level of the view: one group per contract service (sorted), then the channels the
 * contract does not declare ("not in contract", or "channels" when there is no contract), then
 * the sites whose channel could not be resolved.
 */
export function buildTree(catalogue: Catalogue, problems: Problem[] = []): GroupNode[] {
  const services = new Map<string, ChannelNode[]>();
  const loose: ChannelNode[] = [];
  for (const channel of catalogue.channels) {
    const node = channelNode(channel, problems);
    if (channel.contract) {
      const list = services.get(channel.contract.service) ?? [];
      list.push(node);
      services.set(channel.contract.service, list);
    } else {
      loose.push(node);
    }
  }
  const byName = (a: ChannelNode, b: ChannelNode) => a.name.localeCompare(b.name);
  const groups: GroupNode[] = [...services.keys()].sort().map((service) => {
    const children = (services.get(service) ?? []).sort(byName);
    return {
      type: 'group',
      label: service,
      kind: 'service',
      description: plural(children.length, 'channel'),
      problems: groupProblems(children),
      children,
    };
  });
  if (loose.length > 0) {
    const children = loose.sort(byName);
    groups.push({
      type: 'group',
      label: services.size > 0 ? 'not in contract' : 'channels',
      kind: services.size > 0 ? 'not-in-contract' : 'channels',
      description: plural(children.length, 'channel'),
      problems: groupProblems(children),
      children,
    });
  }
  if (catalogue.unresolved.length > 0) {
    const children = catalogue.unresolved
      .map((s) => {
        const node = siteNode(s, problems);
        node.label = `${s.kind} · ${s.process}: ${s.expression ?? '?'}`;
        return node;
      })
      .sort((a, b) => a.site.file.localeCompare(b.site.file) || a.site.line - b.site.line);
    groups.push({
      type: 'group',
      label: 'unresolved',
      kind: 'unresolved',
      description: plural(children.length, 'site'),
      problems: groupProblems(children),
      children,
    });
  }
  return groups;
}

/** The channel catalogue as a Markdown document (the "Show Channel Catalogue" command). */
export function catalogueMarkdown(catalogue: Catalogue, problems: Problem[] = []): string {
  const lines = ['# IPC channels', ''];
  const groups = buildTree(catalogue, problems);
  lines.push(
    `${plural(catalogue.channels.length, 'channel')}, ` +
      `${plural(catalogue.channels.reduce((n, c) => n + c.sites.length, 0), 'site')}, ` +
      `${catalogue.unresolved.length} unresolved.`,
    '',
  );
  for (const group of groups) {
    lines.push(`## ${group.label}`, '');
    for (const child of group.children) {
      if (child.type === 'channel') {
        const rpc = child.contract ? ` — rpc \`${child.contract.service}.${child.contract.method}\` (${child.contract.file}:${child.contract.line})` : '';
        lines.push(`### \`${child.name}\`${rpc}`, '', `${child.description}`, '');
        for (const s of child.children) lines.push(`- ${s.label} — \`${s.description}\`${problemSuffix(s.problems)}`);
        for (const p of child.problems.filter((p) => !child.children.some((s) => s.problems.includes(p)))) {
          lines.push(`- ${p.severity}: ${p.message} — \`${p.file}:${p.line}\``);
        }
        lines.push('');
      } else {
        lines.push(`- ${child.label} — \`${child.description}\`${problemSuffix(child.problems)}`);
      }
    }
    if (group.children.length > 0 && group.children[group.children.length - 1].type === 'site') lines.push('');
  }
  return lines.join('\n');
}

function problemSuffix(problems: Problem[]): string {
  return problems.length === 0 ? '' : ` — ${problems.map((p) => `${p.severity}: ${p.message}`).join('; ')}`;
}

/** The status bar text for a catalogue. */
export function summary(catalogue: Catalogue): string {
  return plural(catalogue.channels.length, 'channel');
}
