//! The VS Code glue: finds and starts `ipcls server`, passes the settings to it, and feeds the IPC
//! Channels view and the status bar from `ipcls/channels` and `ipcls/indexChanged`. Everything
//! that can be decided without VS Code lives in the pure modules next to this one.

import * as fs from 'node:fs';
import * as vscode from 'vscode';
import {
  DidChangeConfigurationNotification,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  State,
  StaticFeature,
} from 'vscode-languageclient/node';

import { catalogueMarkdown, Catalogue, parseCatalogue } from './channels';
import { ChannelsView, collectProblems } from './channelsView';
import { bundledPath, describeDiscovery, discoverServer, isExecutableFile } from './discovery';
import { affectsServer, configurationAnswer, needsRestart, serverConfig } from './settings';
import { ServerStatus, statusView } from './status';
import { reasonToStart } from './workspace';

/** Files the server serves: scripts by language, `.proto` by pattern (no proto extension needed). */
const DOCUMENT_SELECTOR = [
  ...['typescript', 'typescriptreact', 'javascript', 'javascriptreact', 'vue', 'svelte'].map((language) => ({
    scheme: 'file',
    language,
  })),
  { scheme: 'file', pattern: '**/*.proto' },
];

let client: LanguageClient | undefined;
let output: vscode.OutputChannel;
let statusItem: vscode.StatusBarItem;
let view: ChannelsView;
let catalogue: Catalogue | undefined;
let extensionPath: string;

function log(message: string): void {
  output.appendLine(`[${new Date().toISOString()}] ${message}`);
}

function setStatus(s: ServerStatus): void {
  const v = statusView(s);
  statusItem.text = v.text;
  statusItem.tooltip = v.tooltip;
  statusItem.backgroundColor = v.error ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
  statusItem.command = s.state === 'ready' ? 'ipclsChannels.focus' : 'ipcls.showOutput';
  statusItem.show();
}

function firstFolder(): vscode.Uri | undefined {
  return vscode.workspace.workspaceFolders?.[0]?.uri;
}

function readSettings() {
  const config = vscode.workspace.getConfiguration('ipcls', firstFolder());
  return serverConfig((key) => config.get(key));
}

/** A zip may lose the executable bit of the bundled server; give it back. */
function repairBundledMode(): void {
  const bundled = bundledPath(extensionPath, process.platform);
  try {
    if (process.platform !== 'win32' && fs.statSync(bundled).isFile() && !isExecutableFile(bundled)) {
      fs.chmodSync(bundled, 0o755);
      log(`made ${bundled} executable`);
    }
  } catch {
    // No bundled server in this package.
  }
}

/** Tells the server that this client wants `ipcls/indexChanged`. */
const indexChangedCapability: StaticFeature = {
  fillClientCapabilities(capabilities) {
    capabilities.experimental = { ...(capabilities.experimental ?? {}), ipclsIndexChanged: true };
  },
  initialize() {},
  getState() {
    return { kind: 'static' };
  },
  clear() {},
};

function debounce(ms: number, f: () => void): () => void {
  let timer: NodeJS.Timeout | undefined;
  return () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(f, ms);
  };
}

function updateProblems(): void {
  const root = firstFolder();
  if (!root) return;
  const problems = collectProblems(root);
  view.setProblems(problems);
  if (catalogue && client?.state === State.Running) {
    setStatus({
      state: 'ready',
      channels: catalogue.channels.length,
      errors: problems.filter((p) => p.severity === 'error').length,
      warnings: problems.filter((p) => p.severity === 'warning').length,
    });
  }
}

async function fetchCatalogue(): Promise<Catalogue | undefined> {
  if (!client || client.state !== State.Running) return undefined;
  try {
    catalogue = parseCatalogue(await client.sendRequest('ipcls/channels', {}));
    view.setCatalogue(catalogue, firstFolder());
    updateProblems();
    return catalogue;
  } catch (e) {
    log(`ipcls/channels failed: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
}

const refreshSoon = debounce(200, () => void fetchCatalogue());
const problemsSoon = debounce(300, updateProblems);

async function startClient(): Promise<void> {
  repairBundledMode();
  const config = vscode.workspace.getConfiguration('ipcls', firstFolder());
  const discovery = discoverServer({
    setting: config.get<string>('server.path'),
    env: process.env,
    extensionPath,
    workspaceFolder: firstFolder()?.fsPath,
    platform: process.platform,
    isExecutable: isExecutableFile,
  });
  for (const line of describeDiscovery(discovery)) log(line);
  if (!discovery.ok) {
    setStatus({ state: 'stopped', reason: 'server not found' });
    output.show(true);
    const choice = await vscode.window.showErrorMessage(discovery.message, 'Open Settings', 'Show Output');
    if (choice === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', 'ipcls.server.path');
    if (choice === 'Show Output') output.show();
    return;
  }

  const serverOptions: ServerOptions = { command: discovery.path, args: ['server'] };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    outputChannel: output,
    traceOutputChannel: output,
    initializationOptions: readSettings(),
    middleware: {
      workspace: {
        // The server asks for section `ipcls`: answer with the `ipcls.toml` shape, not raw settings.
        configuration: async (params, token, next) => {
          return configurationAnswer(params.items, readSettings()) ?? next(params, token);
        },
      },
      handleWorkDoneProgress: (token, params, next) => {
        if (params.kind === 'begin' || params.kind === 'report') {
          setStatus({ state: 'indexing', message: params.message, percentage: params.percentage });
        } else if (catalogue) {
          updateProblems();
        }
        next(token, params);
      },
    },
  };
  const c = new LanguageClient('ipcls', 'ipcls', serverOptions, clientOptions);
  c.registerFeature(indexChangedCapability);
  c.onNotification('ipcls/indexChanged', () => refreshSoon());
  c.onDidChangeState((e) => {
    if (e.newState === State.Stopped) setStatus({ state: 'stopped', reason: 'the server stopped' });
  });
  client = c;
  setStatus({ state: 'starting' });
  try {
    await c.start();
    log(`server started (${discovery.path} server)`);
    await fetchCatalogue();
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    log(`the server did not start: ${message}`);
    setStatus({ state: 'stopped', reason: `the server did not start: ${message}` });
  }
}

async function stopClient(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) {
    try {
      await c.stop();
    } catch (e) {
      log(`stopping the server: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}

async function restart(): Promise<void> {
  log('restarting the server');
  await stopClient();
  await startClient();
}

async function showCatalogue(): Promise<void> {
  const current = (await fetchCatalogue()) ?? catalogue;
  if (!current) {
    void vscode.window.showWarningMessage('ipcls: the server is not running; see the ipcls output.');
    return;
  }
  const root = firstFolder();
  catalogueText = catalogueMarkdown(current, root ? collectProblems(root) : []);
  catalogueChanged.fire(CATALOGUE_URI);
  const doc = await vscode.workspace.openTextDocument(CATALOGUE_URI);
  await vscode.window.showTextDocument(doc, { preview: true });
}

/** The catalogue is a read-only document (no "save changes?" when it is closed). */
const CATALOGUE_URI = vscode.Uri.from({ scheme: 'ipcls', path: '/IPC channels.md' });
const catalogueChanged = new vscode.EventEmitter<vscode.Uri>();
let catalogueText = '';
const catalogueProvider: vscode.TextDocumentContentProvider = {
  onDidChange: catalogueChanged.event,
  provideTextDocumentContent: () => catalogueText,
};

/** Why to start, from the files of the workspace: `.proto` files, `ipcls.toml`, an electron dependency. */
async function workspaceReason(): Promise<string | undefined> {
  const exclude = '**/node_modules/**';
  const [protos, configs, packages] = await Promise.all([
    vscode.workspace.findFiles('**/*.proto', exclude, 1),
    vscode.workspace.findFiles('**/ipcls.toml', exclude, 1),
    vscode.workspace.findFiles('**/package.json', exclude, 50),
  ]);
  const packageJsons = await Promise.all(
    packages.map(async (uri) => ({
      path: vscode.workspace.asRelativePath(uri),
      text: Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8'),
    })),
  );
  return reasonToStart({ protoFiles: protos.length, hasConfigFile: configs.length > 0, packageJsons });
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  extensionPath = context.extensionPath;
  output = vscode.window.createOutputChannel('ipcls');
  statusItem = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 10);
  statusItem.name = 'ipcls';
  view = new ChannelsView();
  context.subscriptions.push(
    output,
    statusItem,
    vscode.window.registerTreeDataProvider('ipclsChannels', view),
    vscode.commands.registerCommand('ipcls.restartServer', restart),
    vscode.commands.registerCommand('ipcls.showOutput', () => output.show()),
    vscode.commands.registerCommand('ipcls.showChannels', showCatalogue),
    vscode.workspace.registerTextDocumentContentProvider(CATALOGUE_URI.scheme, catalogueProvider),
    catalogueChanged,
    vscode.commands.registerCommand('ipcls.refreshChannels', fetchCatalogue),
    vscode.languages.onDidChangeDiagnostics(() => problemsSoon()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (needsRestart((s) => e.affectsConfiguration(s))) {
        void restart();
      } else if (affectsServer((s) => e.affectsConfiguration(s)) && client?.state === State.Running) {
        // The server pulls `workspace/configuration` again on this (empty) notification.
        void client.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
      }
    }),
    { dispose: () => void stopClient() },
  );

  const reason = await workspaceReason();
  if (!reason) {
    log('not started: no .proto file, no ipcls.toml and no package.json depending on electron here. ' +
      'Run "ipcls: Restart Server" to start it anyway.');
    setStatus({ state: 'not-started', reason: 'this workspace does not look like an Electron app' });
    return;
  }
  log(`starting: ${reason}`);
  await startClient();
}

export async function deactivate(): Promise<void> {
  await stopClient();
}
