import { join } from 'node:path';
import * as esbuild from 'esbuild';
import type { Browser, Page } from 'playwright-core';

/**
 * Headless Chromium pages dressed as a VS Code webview in a light or a dark theme (the `--vscode-*`
 * variables VS Code sets on a webview's root, Light Modern and Dark Modern values), for looking at what the
 * extension's renderers and preview draw. Scripts are bundled from source as the extension's esbuild does
 * (CSS as text), so no prior build is needed.
 */

const WEBVIEW = join(__dirname, '../../../extension/webview');

/** Theme colours of the test pages. */
export const THEMES = {
  light: {
    '--vscode-foreground': '#3b3b3b',
    '--vscode-editor-background': '#ffffff',
    '--vscode-panel-border': '#e5e5e5',
    '--vscode-list-hoverBackground': '#f2f2f2',
    '--vscode-input-background': '#ffffff',
    '--vscode-input-foreground': '#3b3b3b',
  },
  dark: {
    '--vscode-foreground': '#cccccc',
    '--vscode-editor-background': '#1f1f1f',
    '--vscode-panel-border': '#2b2b2b',
    '--vscode-list-hoverBackground': '#2a2d2e',
    '--vscode-input-background': '#313131',
    '--vscode-input-foreground': '#cccccc',
  },
} as const;

/** A theme of {@link THEMES}. */
export type Theme = keyof typeof THEMES;

/** Starts headless Debian Chromium (as the other browser tests do). */
export { launchChromium } from '../../support/chromium.js';

/**
 * Bundles a webview entry (relative to `extension/webview/`) for the browser.
 * @param format `esm` for notebook renderers, `iife` for the preview page
 */
export function bundleWebview(entry: string, format: 'esm' | 'iife' = 'esm'): string {
  const out = esbuild.buildSync({
    entryPoints: [join(WEBVIEW, entry)],
    bundle: true,
    format,
    platform: 'browser',
    write: false,
    loader: { '.css': 'text' },
    logLevel: 'silent',
  });
  return out.outputFiles[0].text;
}

/**
 * A blank page of the given size and theme with an empty `#out` (and `#app`) element.
 * @param css extra style sheets (the preview's, which its HTML shell links)
 */
export async function themedPage(browser: Browser, theme: Theme, width: number, css = ''): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height: 800 } });
  const vars = Object.entries(THEMES[theme])
    .map(([k, v]) => `${k}: ${v};`)
    .join(' ');
  await page.setContent(
    `<!doctype html><html style="${vars}"><head><meta charset="utf-8"><style>body { margin: 0; padding: 8px 20px; ` +
      `background: var(--vscode-editor-background); color: var(--vscode-foreground); font-size: 13px; } ${css}` +
      `</style></head><body class="vscode-${theme}"><div id="out"></div><div id="app"></div></body></html>`,
  );
  // tsx compiles the functions passed to page.evaluate with esbuild's keepNames helper `__name`.
  await page.evaluate('window.__name = (f) => f;');
  return page;
}

/** Renders one output item with a notebook renderer module's source into `#out`, then waits for the Fupan table. */
export async function renderOutput(page: Page, source: string, json: unknown): Promise<void> {
  await renderItem(page, source, json);
  await page.waitForSelector('#out .fupan-vt');
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/** Loads a notebook renderer module's source into the page and renders one output item into `#out`. */
export async function renderItem(page: Page, source: string, json: unknown): Promise<void> {
  await page.evaluate(
    async ({ source, json }) => {
      const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
      const mod = await import(url);
      const renderer = mod.activate({ workspace: { isTrusted: true } });
      const item = { id: '1', mime: 'x', json: () => json, text: () => JSON.stringify(json) };
      await renderer.renderOutputItem(item, document.getElementById('out')!, new AbortController().signal);
    },
    { source, json },
  );
}
