/**
 * Starts VS Code for real (code-server 4.100.3 from `.tools/code-server`, installed by `bash .ci/code-server`)
 * on 127.0.0.1 with a fresh user-data-dir and Fupan's extension loaded as a development extension, and drives
 * it with playwright-core and Debian's chromium. Checks look at what is on screen, in every frame (webviews
 * and notebook outputs live in nested iframes).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Frame, Locator, Page } from 'playwright-core';
import { launchChromium } from '../../support/chromium.js';
import { codeCells } from './savedNotebook.js';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');
export const extensionDir = path.join(repoRoot, 'extension');
export const artifactsDir = path.join(repoRoot, 'test-artifacts', 'extension');
const codeServerBin = path.join(repoRoot, '.tools', 'code-server', 'node_modules', '.bin', 'code-server');

/** Quiet, predictable workbench: no welcome page, no git prompt about the repository around the workspace. */
const userSettings = {
  'workbench.startupEditor': 'none',
  'git.openRepositoryInParentFolders': 'never',
  'git.enabled': false,
  'workbench.tips.enabled': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  // With workspace trust on (the untrusted-workspace test), open in restricted mode without the modal prompt.
  'security.workspace.trust.startupPrompt': 'never',
};

/** A running code-server with a browser page on its workbench. */
export interface Workbench {
  page: Page;
  /** The workspace folder (a fresh copy of the fixture folder inside the repository). */
  folder: string;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function waitForHealth(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}:\n${log()}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`code-server did not answer on ${url}/healthz within 60 s:\n${log()}`);
}

/** How {@link startWorkbench} sets up the workbench. */
export interface WorkbenchOptions {
  /** The folder under `test/extension/fixtures/` copied as the workspace. @default 'ws' */
  fixture?: string;
  /** `false` keeps workspace trust on, so the folder opens in restricted mode. @default true */
  trusted?: boolean;
  /** Installs this package instead of loading `extension/` as a development extension. */
  vsix?: string;
  /** Opens this folder as it is (e.g. a mkdtemp folder outside the repository) instead of a fixture copy. */
  folder?: string;
}

/**
 * Starts code-server on a copy of `fixtures/<fixture>` and opens the workbench in headless chromium.
 * @param name names the workspace copy and the screenshots
 */
export async function startWorkbench(name: string, options: WorkbenchOptions = {}): Promise<Workbench> {
  const { fixture = 'ws', trusted = true, vsix, folder: givenFolder } = options;
  if (!existsSync(codeServerBin)) {
    throw new Error(`code-server is not installed: run \`bash .ci/code-server\` (expected ${codeServerBin})`);
  }
  if (!vsix && !existsSync(path.join(extensionDir, 'dist', 'extension.js'))) {
    throw new Error('the extension is not built: run `npm run build -w fupan-vscode`');
  }
  mkdirSync(artifactsDir, { recursive: true });
  // A fixture workspace lives inside the repository so the tslab kernel resolves node_modules from it.
  const folder = givenFolder ?? path.join(artifactsDir, `ws-${name}`);
  if (!givenFolder) {
    rmSync(folder, { recursive: true, force: true });
    cpSync(path.join(__dirname, '..', 'fixtures', fixture), folder, { recursive: true });
  }

  const userData = mkdtempSync(path.join(tmpdir(), 'fupan-cs-'));
  mkdirSync(path.join(userData, 'User'), { recursive: true });
  writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify(userSettings, null, 2));
  const env = {
    ...process.env,
    XDG_CONFIG_HOME: path.join(userData, 'xdg'),
    XDG_DATA_HOME: path.join(userData, 'xdg-data'),
  };
  if (vsix) {
    execFileSync(
      codeServerBin,
      [
        '--config',
        '/dev/null',
        '--user-data-dir',
        userData,
        '--extensions-dir',
        path.join(userData, 'extensions'),
        '--install-extension',
        vsix,
      ],
      { env, stdio: 'ignore' },
    );
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  const child = spawn(
    codeServerBin,
    [
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--config',
      '/dev/null',
      '--disable-telemetry',
      '--disable-update-check',
      ...(trusted ? ['--disable-workspace-trust'] : []),
      '--disable-getting-started-override',
      '--user-data-dir',
      userData,
      '--extensions-dir',
      path.join(userData, 'extensions'),
      folder,
    ],
    {
      detached: true, // own process group (setsid), so the file watcher and extension host die with it
      stdio: ['ignore', 'pipe', 'pipe'],
      env,
    },
  );
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const killGroup = () => {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  process.once('exit', killGroup);

  let browser: Browser | undefined;
  try {
    await waitForHealth(url, child, () => output);
    const html = await (await fetch(`${url}/?folder=${encodeURIComponent(folder)}`)).text();
    const authority =
      /&quot;remoteAuthority&quot;:&quot;([^&]*)&quot;/.exec(html)?.[1] ?? `127.0.0.1:${port}`;
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', `vscode-remote://${authority}${extensionDir}`],
    ]);
    // An installed package runs alone: no development extension beside it.
    const query = vsix ? '' : `&payload=${encodeURIComponent(payload)}`;
    await page.goto(`${url}/?folder=${encodeURIComponent(folder)}${query}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    const opened = browser;
    return {
      page,
      folder,
      async close() {
        await opened.close().catch(() => undefined);
        killGroup();
        process.removeListener('exit', killGroup);
        rmSync(userData, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await browser?.close().catch(() => undefined);
    killGroup();
    throw e;
  }
}

/** What {@link pickFromQuickInput} opens, types and waits for. */
interface QuickPick {
  /** The key that opens the quick input (`F1` the command palette, `Control+P` Quick Open). */
  key: string;
  query: string;
  /** Text of the row to accept. */
  rowText: string;
  /** The error message when the row never shows. */
  failure: string;
}

/**
 * Opens a quick input, types the query and picks the row labelled `rowText`, retrying while the
 * list is not ready yet (commands still registering, the file index warming up).
 */
async function pickFromQuickInput(
  page: Page,
  { key, query, rowText, failure }: QuickPick,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await page.keyboard.press('Escape');
    await page.keyboard.press(key);
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: 10_000 });
    await input.fill(query);
    // The row whose label is exactly rowText: Enter would take the first row, which can be another command
    // ("File: Save" also lists "File: Compare Active File with Saved").
    const label = new RegExp(`^${rowText.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
    const row = page
      .locator('.quick-input-list .monaco-list-row')
      .filter({ has: page.locator('.label-name', { hasText: label }) })
      .first();
    try {
      await row.waitFor({ timeout: 3_000 });
      await row.click();
      return;
    } catch (e) {
      if (Date.now() > deadline) throw new Error(`${failure}: ${e}`);
    }
  }
}

/**
 * Runs a command from the palette. Right after load the palette can say "No matching commands" while
 * extensions register, so it retries until the command is listed.
 * @param title the command's title as shown, e.g. `Fupan: Preview Segments`
 */
export async function runCommand(page: Page, title: string, timeoutMs = 60_000): Promise<void> {
  const failure = `command "${title}" never appeared in the palette`;
  await pickFromQuickInput(page, { key: 'F1', query: `>${title}`, rowText: title, failure }, timeoutMs);
}

/**
 * Polls every frame of the page (webviews, notebook outputs) until `probe` finds something in one.
 * @param between what to do between two rounds (default: wait half a second)
 */
async function pollFrames<T>(
  page: Page,
  probe: (frame: Frame) => Promise<T | undefined>,
  timeoutMs: number,
  failure: string,
  between: () => Promise<void> = () => page.waitForTimeout(500),
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of page.frames()) {
      const found = await probe(frame);
      if (found !== undefined) return found;
    }
    if (Date.now() > deadline) throw new Error(`${failure} after ${timeoutMs} ms`);
    await between();
  }
}

/**
 * Waits until some frame of the page (webviews, notebook outputs) shows the text, and returns its locator.
 * @param text the text to find (a substring unless `exact`)
 */
export async function findInFrames(
  page: Page,
  text: string,
  timeoutMs = 60_000,
  exact = false,
): Promise<Locator> {
  return pollFrames(
    page,
    async (frame) => {
      const locator = frame.getByText(text, { exact }).first();
      return (await locator.isVisible().catch(() => false)) ? locator : undefined;
    },
    timeoutMs,
    `no frame shows "${text}"`,
  );
}

/**
 * Scrolls the notebook on screen from its top down, a few lines at a time, until `text` shows inside the
 * editor's viewport, brings it to the editor's upper part and returns its locator. VS Code renders a
 * notebook's cells (and inserts their outputs into the output webview) only when they come near the
 * viewport, so an output below it is in no frame yet.
 * @param text the text to find (a substring unless `exact`), e.g. a segment name in a table output
 */
export async function scrollNotebookTo(
  page: Page,
  text: string,
  timeoutMs = 60_000,
  exact = false,
): Promise<Locator> {
  const list = page.locator('.notebook-editor >> visible=true').locator('.cell-list-container').first();
  const box = await list.boundingBox();
  if (!box) throw new Error('no notebook editor on screen');
  // Over the cells' left gutter: the wheel scrolls the cell list, not an output or a code editor.
  await page.mouse.move(box.x + 12, box.y + box.height / 2);
  await page.mouse.wheel(0, -1_000_000);
  const bottom = box.y + box.height;
  const found = await pollFrames(
    page,
    async (frame) => {
      const matches = frame.getByText(text, { exact });
      for (let i = 0; i < (await matches.count().catch(() => 0)); i++) {
        const locator = matches.nth(i);
        if (!(await locator.isVisible().catch(() => false))) continue;
        const at = await locator.boundingBox().catch(() => null); // relative to the page's viewport
        if (at && at.y >= box.y && at.y + at.height <= bottom) return locator;
      }
      return undefined;
    },
    timeoutMs,
    `the notebook never showed "${text}" on screen while scrolling down`,
    async () => {
      await page.mouse.wheel(0, box.height / 3);
      await page.waitForTimeout(400);
    },
  );
  // Then up to the editor's upper fifth, so a screenshot shows what follows it (a table's rows).
  const at = await found.boundingBox();
  const lift = at ? at.y - (box.y + box.height / 5) : 0;
  if (lift > 0) {
    await page.mouse.wheel(0, lift);
    await page.waitForTimeout(600);
  }
  return found;
}

/** The first frame that has an element matching `selector` (polling, like {@link findInFrames}). */
export async function frameWith(page: Page, selector: string, timeoutMs = 60_000): Promise<Frame> {
  return pollFrames(
    page,
    async (frame) => {
      const matches = await frame
        .locator(selector)
        .count()
        .catch(() => 0);
      return matches > 0 ? frame : undefined;
    },
    timeoutMs,
    `no frame has "${selector}"`,
  );
}

/** Saves a screenshot into `test-artifacts/extension/` (gitignored) and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const file = path.join(artifactsDir, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/**
 * Opens a workspace file through Quick Open (retrying while the file index warms up).
 * @param fileName the file's name, e.g. `table-output.ipynb`
 */
export async function openFile(page: Page, fileName: string, timeoutMs = 60_000): Promise<void> {
  const failure = `Quick Open never listed "${fileName}"`;
  await pickFromQuickInput(
    page,
    { key: 'Control+P', query: fileName, rowText: fileName, failure },
    timeoutMs,
  );
}

/**
 * Waits until the notebook toolbar on screen names the Fupan TypeScript controller (selected, or picked
 * by VS Code for the notebook's kernelspec).
 */
export async function waitForFupanController(page: Page, timeoutMs = 60_000): Promise<void> {
  await page
    .locator('.notebook-toolbar-container >> visible=true >> text=Fupan TypeScript')
    .first()
    .waitFor({ timeout: timeoutMs });
}

/**
 * Makes "Fupan TypeScript" the open notebook's kernel: VS Code picks it for a tslab kernelspec by itself,
 * else it is selected from the kernel picker.
 */
export async function selectFupanKernel(page: Page): Promise<void> {
  await waitForFupanController(page).catch(async () => {
    await runCommand(page, 'Notebook: Select Notebook Kernel');
    await answerQuickInput(page, 'Select Kernel', 'Fupan TypeScript');
    await waitForFupanController(page, 30_000);
  });
}

/**
 * Waits for a quick pick or input box whose title contains `title`, then answers it: types `filter` (if
 * given) and presses Enter on the first matching row, or just Enter to take what is pre-selected / pre-filled.
 */
export async function answerQuickInput(page: Page, title: string, filter?: string): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  await widget.locator('.quick-input-title', { hasText: title }).waitFor({ timeout: 30_000 });
  const input = widget.locator('input').first();
  if (filter !== undefined) {
    await input.fill(filter);
    await widget.locator('.quick-input-list .monaco-list-row', { hasText: filter }).first().waitFor();
  }
  await input.press('Enter');
}

/** The title of the quick input that follows the one titled `previous` (waits for it to change). */
export async function nextQuickInputTitle(page: Page, previous: string, timeoutMs = 30_000): Promise<string> {
  const title = page.locator('.quick-input-widget >> visible=true').locator('.quick-input-title');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text =
      (await title
        .first()
        .textContent()
        .catch(() => '')) ?? '';
    if (text && text !== previous) return text;
    if (Date.now() > deadline) throw new Error(`no quick input after "${previous}"`);
    await page.waitForTimeout(200);
  }
}

/**
 * Answers the scaffold's questions after the first file's mapping: `Data for "<key>"` with the file named in
 * `files` (else "Skip (optional)" when offered, else `fallback`), each file's mapping accepted, until a
 * question that is not about data comes.
 * @param previous the title of the question answered last
 * @returns the title of the first other question (e.g. `Time zone of …`)
 */
export async function answerDataInputs(
  page: Page,
  previous: string,
  files: Record<string, string>,
  fallback?: string,
): Promise<string> {
  for (;;) {
    const text = await nextQuickInputTitle(page, previous);
    previous = text;
    const key = /Data for "(\w+)"/.exec(text)?.[1];
    if (!key) {
      if (!text.startsWith('Columns of')) return text;
      await answerQuickInput(page, text); // the mapping of the file just picked
      continue;
    }
    const skip = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Skip (optional)' });
    if (files[key]) await answerQuickInput(page, text, files[key]);
    else if (await skip.count()) await answerQuickInput(page, text, 'Skip (optional)');
    else if (fallback) await answerQuickInput(page, text, fallback);
    else throw new Error(`the scaffold asks for a required "${key}" the test has no file for`);
  }
}

type CodeCells = ReturnType<typeof codeCells>;

/**
 * Saves the active editor and waits until the file on disk holds what the editor shows. The tab drops its dirty
 * mark when the save *starts* (VS Code shows no dirty dot while saving), so when the tab was dirty this also waits
 * for the file itself to be rewritten: a new modification time, and a whole JSON document (not a half-written one).
 * @param file the editor's file on disk; without it, only the tab's dirty mark is waited for
 */
export async function saveActiveEditor(page: Page, file?: string, timeoutMs = 15_000): Promise<void> {
  const dirty = page.locator('.tab.active.dirty');
  const wasDirty = (await dirty.count()) > 0;
  const before = file && existsSync(file) ? statSync(file).mtimeMs : undefined;
  await runCommand(page, 'File: Save');
  await dirty.waitFor({ state: 'detached', timeout: timeoutMs });
  if (!file || !wasDirty) return;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const written = existsSync(file) && statSync(file).mtimeMs !== before;
    if (written && wholeJson(file)) return;
    if (Date.now() > deadline)
      throw new Error(`${file} was not rewritten within ${timeoutMs} ms of File: Save`);
    await page.waitForTimeout(200);
  }
}

/** Whether the file parses as JSON (a save still writing it does not). */
function wholeJson(file: string): boolean {
  try {
    JSON.parse(readFileSync(file, 'utf8'));
    return true;
  } catch {
    return false;
  }
}

/** Whether every code cell has an execution count (the default end of a run). */
export const everyCellCounted = (code: CodeCells): boolean =>
  code.every((c) => typeof c.execution_count === 'number');

/**
 * Waits until every code cell of the open notebook has run (saving it to read the counts), and returns the
 * error outputs' texts (empty when it ran to the end without one).
 * @param file the notebook's path
 * @param finished when the saved code cells show the run ended (e.g. the last cell's output is back, after a
 *   Clear All Outputs that leaves the counts of the previous run)
 */
export async function waitForNotebookRun(
  page: Page,
  file: string,
  timeoutMs = 300_000,
  finished: (code: CodeCells) => boolean = everyCellCounted,
): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await page.waitForTimeout(3_000);
    let code: CodeCells;
    try {
      // While cells run, new outputs can mark it dirty again before the save is done: then the next round.
      await saveActiveEditor(page, file, 5_000);
      code = codeCells(file);
    } catch (e) {
      if (Date.now() > deadline) throw new Error(`${file} was never saved clean: ${e}`);
      continue;
    }
    const errors = code.flatMap((c) => (c.outputs ?? []).filter((o) => o.output_type === 'error'));
    if (errors.length > 0) return errors.map((e) => JSON.stringify(e).slice(0, 2000));
    if (finished(code)) return [];
    if (Date.now() > deadline) {
      const ran = code.filter((c) => typeof c.execution_count === 'number').length;
      throw new Error(
        `${file}: the run did not end in ${timeoutMs} ms (${ran}/${code.length} code cells counted)`,
      );
    }
  }
}
