// Drives code-server with the ipcls extension through headless Debian Chromium (playwright-core),
// on a copy of fixtures/demo with `ipcls.channels.strict` on, and checks what a user would see:
//   1. the Problems panel lists "No handler registered for 'notes:lst'" and, strict mode having
//      reached the server, `not-in-contract` as an error;
//   2. F12 on 'notes:list' in the preload lands in the main handler file (src/main/ipc.ts);
//   3. the IPC Channels view lists the channels by service, "not in contract" holds notes:lst, and a
//      click on its bridge site opens the preload at that line;
//   4. "ipcls: Show Channel Catalogue" opens the catalogue as Markdown;
//   5. the status bar shows the channel count;
//   6. typing a new handler in main adds its channel to the view (refreshed on ipcls/indexChanged)
//      and to the status bar;
//   7. a settings change (`ipcls.channels.ignore` edited in the user settings JSON) reaches the
//      server without a restart: the notes:lst problems leave the Problems panel.
// usage: node e2e.mjs URL OUT_DIR USER_SETTINGS_JSON   (prints one JSON object; exit 1 when a check fails)
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const [url, out, settingsFile] = process.argv.slice(2);
const t0 = Date.now();
const log = (...a) => console.error(`[${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);
const result = { checks: {} };
const check = (name, ok, detail) => {
  result.checks[name] = { ok: !!ok, ...(detail === undefined ? {} : { detail }) };
  log(ok ? 'ok  ' : 'FAIL', name, detail === undefined ? '' : JSON.stringify(detail).slice(0, 300));
};

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const context = await browser.newContext({ viewport: { width: 1500, height: 1000 } });
const page = await context.newPage();
// Only this machine may be reached: anything else the page asks for is aborted and recorded.
await page.route('**/*', (route) => {
  const u = new URL(route.request().url());
  if (['127.0.0.1', 'localhost'].includes(u.hostname) || ['data:', 'blob:'].includes(u.protocol)) return route.continue();
  result.blocked = [...(result.blocked ?? []), u.href.slice(0, 120)];
  return route.abort();
});

async function command(title) {
  await page.keyboard.press('F1');
  await page.waitForSelector('.quick-input-widget', { state: 'visible', timeout: 10000 });
  await page.keyboard.type(title);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ timeout: 10000 });
  await page.keyboard.press('Enter');
}

async function openFile(name) {
  await page.keyboard.press('Control+P');
  await page.waitForSelector('.quick-input-widget', { state: 'visible', timeout: 10000 });
  await page.keyboard.type(name);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: name.split('/').pop() }).first();
  await row.waitFor({ timeout: 15000 });
  await page.waitForTimeout(500);
  await page.keyboard.press('Enter');
  await page.waitForSelector(`.tab.active[aria-label*="${name.split('/').pop()}"]`, { timeout: 15000 });
}

async function gotoLine(lineCol) {
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+G');
  await page.waitForSelector('.quick-input-widget', { state: 'visible', timeout: 10000 });
  await page.keyboard.type(lineCol);
  await page.keyboard.press('Enter');
  await page.waitForTimeout(400);
}

const cursor = async () =>
  (await page.locator('[id="status.editor.selection"]').first().innerText({ timeout: 3000 }).catch(() => '')).trim();
const activeTab = async () => (await page.locator('.tab.active').first().getAttribute('aria-label')) ?? '';
// The active editor's breadcrumbs ("src › main › ipc.ts › …"): the tab only has the file name.
const breadcrumbs = async () =>
  (await page.locator('.editor-group-container.active .breadcrumbs-control').first().innerText({ timeout: 3000 }).catch(() => ''))
    .replace(/\s+/g, ' ').trim();

try {
  await page.goto(url);
  await page.waitForSelector('.monaco-workbench', { timeout: 90000 });
  await page.waitForTimeout(1500);
  await page.locator('.monaco-workbench').click({ position: { x: 750, y: 450 } }).catch(() => {});

  // 1. Problems.
  await openFile('preload/index.ts');
  await page.waitForSelector('.squiggly-error', { timeout: 60000 });
  await page.keyboard.press('Control+Shift+M');
  await page.waitForSelector('.markers-panel', { timeout: 10000 });
  const noHandler = page.locator('.markers-panel .monaco-list-row', { hasText: "No handler registered for 'notes:lst'" });
  await noHandler.first().waitFor({ timeout: 30000 });
  await page.waitForTimeout(1000);
  const rows = await page.locator('.markers-panel .monaco-list-row').evaluateAll((els) =>
    els.map((e) => ({ text: e.innerText.replace(/\s+/g, ' ').trim(), error: !!e.querySelector('.codicon-error') })));
  result.problems = rows;
  check('problems: no-handler for notes:lst', rows.some((r) => /No handler registered for 'notes:lst'; did you mean 'notes:list'\?/.test(r.text)));
  check('problems: strict mode made not-in-contract an error',
    rows.some((r) => r.error && /not-in-contract/.test(r.text) && /notes:lst/.test(r.text)), rows.filter((r) => /not-in-contract/.test(r.text)));
  await page.screenshot({ path: `${out}/1-problems.png` });

  // 2. F12 from the preload's 'notes:list' to the handler in main.
  await gotoLine('14:70');
  await page.keyboard.press('F12');
  await page.waitForSelector('.tab.active[aria-label*="ipc.ts"]', { timeout: 20000 }).catch(() => {});
  await page.waitForTimeout(500);
  result.definition = { tab: await activeTab(), breadcrumbs: await breadcrumbs(), cursor: await cursor() };
  check('F12 lands in the main handler file',
    /^src main ipc\.ts/.test(result.definition.breadcrumbs) && /Ln 5, Col 18/.test(result.definition.cursor), result.definition);
  await page.screenshot({ path: `${out}/2-definition.png` });

  // 3. The IPC Channels view, with room: the panel closed and the folder section collapsed.
  await command('View: Toggle Panel Visibility');
  await page.locator('.pane-header', { hasText: /^ws/ }).first().click().catch(() => {});
  await command('Focus on IPC Channels View');
  const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'IPC Channels' }) });
  await pane.locator('.monaco-list-row', { hasText: 'not in contract' }).first().waitFor({ timeout: 30000 });
  const labels = async () => (await pane.locator('.monaco-list-row .label-name').allInnerTexts()).map((t) => t.trim());
  const top = await labels();
  result.channelsView = top;
  const expected = ['NotesService', 'notes:create', 'notes:delete', 'notes:get', 'notes:list', 'notes:pin', 'notes:update', 'not in contract', 'notes:lst'];
  check('IPC Channels view lists the channels by service', JSON.stringify(top) === JSON.stringify(expected), top);
  await pane.locator('.monaco-list-row', { hasText: 'notes:lst' }).first().click();
  const bridge = pane.locator('.monaco-list-row', { hasText: 'bridge: invoke · preload' });
  await bridge.first().waitFor({ timeout: 10000 });
  // Each row as "label | description".
  const siteRows = await pane.locator('.monaco-list-row').evaluateAll((els) => els.map((e) =>
    [e.querySelector('.label-name'), e.querySelector('.label-description')]
      .map((n) => (n ? n.textContent.replace(/\s+/g, ' ').trim() : '')).join(' | ')));
  result.channelsViewExpanded = siteRows;
  check('notes:lst expands to its bridge and renderer call, the bridge marked with its error',
    siteRows.includes("bridge: invoke · preload | src/preload/index.ts:16 · No handler registered for 'notes:lst'; did you mean 'notes:list'?") &&
      siteRows.includes('call: invoke via bridge · renderer | src/renderer/app.ts:23') &&
      siteRows.includes('notes:lst | no handler · 2 callers · 2 problems'), siteRows);
  await page.screenshot({ path: `${out}/3-channels-view.png` });
  await bridge.first().click();
  await page.waitForTimeout(1000);
  const opened = { tab: await activeTab(), breadcrumbs: await breadcrumbs(), cursor: await cursor() };
  result.siteClick = opened;
  check('a click on the bridge site opens the preload at its line',
    /^src preload index\.ts/.test(opened.breadcrumbs) && /Ln 16, Col 24/.test(opened.cursor), opened);

  // 4. The catalogue command: a Markdown document from ipcls/channels.
  await command('ipcls: Show Channel Catalogue');
  await page.waitForSelector('.tab.active[aria-label*="IPC channels.md"]', { timeout: 15000 });
  await page.waitForTimeout(500);
  const catalogue = (await page.locator('.editor-group-container.active .view-lines').first().innerText()).replace(/\u00a0/g, ' ');
  result.catalogue = catalogue.split('\n').slice(0, 4);
  check('the catalogue command opens the channels as Markdown',
    // (the editor renders only the lines in view: the head of the document)
    /# IPC channels/.test(catalogue) && /7 channels, 17 sites, 0 unresolved/.test(catalogue) && /## NotesService/.test(catalogue),
    result.catalogue);

  // 5. Status bar.
  const status = (await page.locator('.statusbar-item', { hasText: 'ipcls' }).allInnerTexts()).map((t) => t.trim());
  result.statusBar = status;
  check('status bar shows the channel count', status.some((t) => /ipcls: 7 channels/.test(t)), status);

  // 6. A new handler typed in main: the view and the status bar follow.
  await openFile('main/ipc.ts');
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type("\nipcMain.handle('app:quit', () => undefined);");
  const quit = pane.locator('.monaco-list-row', { hasText: 'app:quit' });
  const appeared = await quit.first().waitFor({ timeout: 30000 }).then(() => true, () => false);
  await page.waitForTimeout(500);
  const afterEdit = {
    view: await labels(),
    status: (await page.locator('.statusbar-item', { hasText: 'ipcls' }).allInnerTexts()).map((t) => t.trim()),
  };
  result.afterEdit = afterEdit;
  check('a handler typed in main appears in the view and the count',
    appeared && afterEdit.view.includes('app:quit') && afterEdit.status.some((t) => /ipcls: 8 channels/.test(t)), afterEdit);
  await page.screenshot({ path: `${out}/4-after-edit.png` });

  // 7. A settings change reaches the server: ignoring notes:lst clears its problems. Edited as a
  // user does, in the user settings JSON (an outside write of the file is not noticed here).
  const settings = JSON.parse(readFileSync(settingsFile, 'utf8'));
  await command('Preferences: Open User Settings (JSON)');
  // (recent VS Code opens it in a modal editor, without a tab)
  const settingsEditor = page.locator('.monaco-editor[data-uri$="User/settings.json"] .view-lines').first();
  await settingsEditor.waitFor({ timeout: 15000 });
  await settingsEditor.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(JSON.stringify({ ...settings, 'ipcls.channels.ignore': ['notes:lst'] }, null, 1));
  await page.keyboard.press('Control+S');
  await page.waitForTimeout(1000);
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+Shift+M');
  await page.waitForSelector('.markers-panel', { timeout: 10000 });
  let remaining = [];
  for (let i = 0; i < 60; i++) {
    await page.waitForTimeout(500);
    remaining = (await page.locator('.markers-panel .monaco-list-row').allInnerTexts())
      .map((t) => t.replace(/\s+/g, ' ').trim()).filter((t) => /notes:lst/.test(t));
    if (remaining.length === 0) break;
  }
  check('ipcls.channels.ignore applies without a restart', remaining.length === 0, remaining);
  await page.screenshot({ path: `${out}/5-final.png` });
} catch (e) {
  result.error = e.message.split('\n')[0];
  log('error', result.error);
  await page.screenshot({ path: `${out}/fail.png` }).catch(() => {});
}
result.seconds = (Date.now() - t0) / 1000;
const failed = Object.entries(result.checks).filter(([, c]) => !c.ok).map(([n]) => n);
result.passed = !result.error && failed.length === 0 && Object.keys(result.checks).length === 10;
console.log(JSON.stringify(result, null, 1));
await browser.close();
process.exit(result.passed ? 0 : 1);
