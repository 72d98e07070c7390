//! The IPC Channels tree view: vscode tree items for the nodes that `channels.ts` builds.

import * as path from 'node:path';
import * as vscode from 'vscode';

import { buildTree, Catalogue, GroupNode, Node, Problem } from './channels';

const ROLE_ICONS: Record<string, string> = {
  handler: 'symbol-method',
  listener: 'radio-tower',
  bridge: 'plug',
  call: 'call-outgoing',
  reference: 'references',
};

const GROUP_ICONS: Record<GroupNode['kind'], string> = {
  service: 'symbol-interface',
  'not-in-contract': 'question',
  channels: 'symbol-event',
  unresolved: 'warning',
};

function problemIcon(problems: Problem[]): vscode.ThemeIcon | undefined {
  const worst = problems[0];
  if (!worst) return undefined;
  if (worst.severity === 'error') return new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground'));
  if (worst.severity === 'warning') {
    return new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
  }
  return new vscode.ThemeIcon('info', new vscode.ThemeColor('problemsInfoIcon.foreground'));
}

function problemTooltip(problems: Problem[]): string {
  return problems.map((p) => `${p.severity}${p.code ? ` [${p.code}]` : ''}: ${p.message}`).join('\n');
}

export class ChannelsView implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private catalogue: Catalogue | undefined;
  private problems: Problem[] = [];
  private root: vscode.Uri | undefined;
  private tree: GroupNode[] = [];

  /** A new catalogue for the workspace folder `root` (paths in it are relative to that folder). */
  setCatalogue(catalogue: Catalogue | undefined, root: vscode.Uri | undefined): void {
    this.catalogue = catalogue;
    this.root = root;
    this.rebuild();
  }

  setProblems(problems: Problem[]): void {
    this.problems = problems;
    this.rebuild();
  }

  private rebuild(): void {
    this.tree = this.catalogue ? buildTree(this.catalogue, this.problems) : [];
    this.changed.fire(undefined);
  }

  getChildren(node?: Node): Node[] {
    if (!node) return this.tree;
    return node.type === 'site' ? [] : node.children;
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.type) {
      case 'group': {
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
        item.description = node.description;
        item.iconPath = new vscode.ThemeIcon(GROUP_ICONS[node.kind]);
        item.contextValue = `ipcls.group.${node.kind}`;
        return item;
      }
      case 'channel': {
        const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.Collapsed);
        item.description = node.description;
        item.iconPath = problemIcon(node.problems) ?? new vscode.ThemeIcon('symbol-event');
        const rpc = node.contract
          ? `rpc ${node.contract.service}.${node.contract.method} (${node.contract.file}:${node.contract.line})`
          : 'not in the contract';
        item.tooltip = [node.name, rpc, problemTooltip(node.problems)].filter((s) => s).join('\n');
        item.contextValue = 'ipcls.channel';
        return item;
      }
      case 'site': {
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
        const worst = node.problems[0];
        item.description = worst ? `${node.description} · ${worst.message}` : node.description;
        item.iconPath = problemIcon(node.problems) ?? new vscode.ThemeIcon(ROLE_ICONS[node.role] ?? 'circle-small');
        item.tooltip = [`${node.site.file}:${node.site.line}:${node.site.column}`, problemTooltip(node.problems)]
          .filter((s) => s)
          .join('\n');
        item.contextValue = `ipcls.site.${node.role}`;
        if (this.root) {
          const uri = vscode.Uri.file(path.join(this.root.fsPath, ...node.site.file.split('/')));
          const at = new vscode.Position(Math.max(0, node.site.line - 1), Math.max(0, node.site.column - 1));
          item.command = {
            command: 'vscode.open',
            title: 'Open',
            arguments: [uri, { selection: new vscode.Range(at, at) }],
          };
        }
        return item;
      }
    }
  }
}

/** The editor's ipcls diagnostics under `root`, in the coordinates of the channels JSON. */
export function collectProblems(root: vscode.Uri): Problem[] {
  const problems: Problem[] = [];
  const severities: Problem['severity'][] = ['error', 'warning', 'info', 'hint'];
  for (const [uri, diagnostics] of vscode.languages.getDiagnostics()) {
    if (uri.scheme !== 'file') continue;
    const rel = path.relative(root.fsPath, uri.fsPath);
    if (rel.startsWith('..') || path.isAbsolute(rel)) continue;
    for (const d of diagnostics) {
      if (d.source !== 'ipcls') continue;
      const code = typeof d.code === 'object' ? String(d.code.value) : d.code === undefined ? undefined : String(d.code);
      problems.push({
        file: rel.split(path.sep).join('/'),
        line: d.range.start.line + 1,
        column: d.range.start.character + 1,
        endLine: d.range.end.line + 1,
        endColumn: d.range.end.character + 1,
        severity: severities[d.severity] ?? 'hint',
        code,
        // vscode-languageclient keeps the LSP `data` on the diagnostics it converts.
        channel: channelOf(d),
        message: d.message,
      });
    }
  }
  return problems;
}

function channelOf(d: vscode.Diagnostic): string | undefined {
  const data = (d as vscode.Diagnostic & { data?: { channel?: unknown } }).data;
  return typeof data?.channel === 'string' ? data.channel : undefined;
}
