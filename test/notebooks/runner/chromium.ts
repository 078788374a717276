import { chromium } from 'playwright-core';

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
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
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
