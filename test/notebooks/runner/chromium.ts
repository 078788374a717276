import type { Page } from 'playwright-core';
import { launchChromium } from '../../support/chromium.js';

/** What a page looked like in headless Chromium. */
export interface RenderedPage {
  /** Plotly charts drawn (`svg.main-svg` inside each `.figure`). */
  figuresDrawn: number;
  /** Figure placeholders in the page. */
  figures: number;
  /** HTML tables in the page. */
  tables: number;
  /** Script errors the page raised. */
  errors: string[];
}

/**
 * Opens a local HTML file in headless Chromium (offline: no network flags), waits for plotly to draw,
 * takes a full-page screenshot and reports what rendered.
 */
export async function renderInChromium(htmlPath: string, screenshotPath: string): Promise<RenderedPage> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`file://${htmlPath}`);
    const figures = await page.locator('.figure').count();
    if (figures > 0) {
      await page.waitForFunction(
        (n) =>
          document.querySelectorAll('.figure svg.main-svg').length > 0 &&
          document.querySelectorAll('.figure .main-svg').length >= n,
        figures,
        { timeout: 30_000 },
      );
    }
    const figuresDrawn = await page.locator('.figure:has(svg.main-svg)').count();
    const tables = await page.locator('table').count();
    await page.screenshot({ path: screenshotPath, fullPage: true });
    return { figuresDrawn, figures, tables, errors };
  } finally {
    await browser.close();
  }
}

/** How {@link withPage} opens a page. */
export interface PageOptions {
  /** Viewport width in CSS pixels. @default 1200 */
  width?: number;
  /** The colour scheme the page sees in `prefers-color-scheme`. @default 'light' */
  colorScheme?: 'light' | 'dark';
}

/**
 * Opens a local HTML file in headless Chromium (offline), waits until every plotly figure is drawn and hands
 * the page to `use`; the browser is closed afterwards. Script errors fail the call.
 */
export async function withPage<T>(
  htmlPath: string,
  options: PageOptions,
  use: (page: Page) => Promise<T>,
): Promise<T> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({
      viewport: { width: options.width ?? 1200, height: 900 },
      colorScheme: options.colorScheme ?? 'light',
    });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`file://${htmlPath}`);
    await page.waitForFunction(
      () => [...document.querySelectorAll('.figure')].every((f) => f.querySelector('svg.main-svg')),
      undefined,
      { timeout: 30_000 },
    );
    const result = await use(page);
    if (errors.length) throw new Error(`script errors: ${errors.join('; ')}`);
    return result;
  } finally {
    await browser.close();
  }
}
