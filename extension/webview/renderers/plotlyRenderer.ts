/**
 * Notebook renderer for `application/vnd.plotly.v1+json`: VS Code without the Jupyter extension has none, so
 * Fupan's notebooks would show "No renderer could be found". plotly.js is bundled, nothing is loaded remotely.
 */
import Plotly from 'plotly.js-dist-min';
import { cssRgb } from '@fupan/kernel-lib/render';
import { pageBackground } from '../table/pageBackground.js';
import type { ActivationFunction } from './rendererApi.js';

interface Figure {
  data: unknown[];
  layout?: Record<string, unknown>;
  config?: Record<string, unknown>;
}

export const activate: ActivationFunction = () => ({
  async renderOutputItem(item, element) {
    const raw = item.json();
    // tslab's display.raw stores a string when the figure was not cast: accept both.
    const figure = (typeof raw === 'string' ? JSON.parse(raw) : raw) as Figure;
    if (!figure || !Array.isArray(figure.data)) {
      element.textContent = 'not a plotly figure (expected { data: [...], layout: {...} })';
      return;
    }
    const host = document.createElement('div');
    host.className = 'fupan-plotly';
    element.replaceChildren(host);
    const foreground = getComputedStyle(document.body).getPropertyValue('--vscode-foreground').trim();
    // plotly draws grid and zero lines as a mix of the font colour and the plot's background: on a
    // transparent plot that is near-white, glaring on a dark theme; on the theme's colour it is themed.
    const background = cssRgb(pageBackground(host));
    const layout = {
      paper_bgcolor: 'rgba(0,0,0,0)',
      plot_bgcolor: background,
      ...(foreground ? { font: { color: foreground } } : {}),
      ...figure.layout,
    } as Record<string, unknown>;
    // The axes' colour (ticks, and through the mix, grid lines) from the theme too, unless the figure sets it.
    if (foreground) {
      const axes = Object.keys(layout).filter((k) => /^[xy]axis\d*$/.test(k));
      for (const axis of new Set(['xaxis', 'yaxis', ...axes])) {
        layout[axis] = { color: foreground, ...(layout[axis] as object | undefined) };
      }
    }
    await Plotly.newPlot(host, figure.data as never, layout, {
      responsive: true,
      displaylogo: false,
      ...figure.config,
    });
  },
  disposeOutputItem() {
    // plotly keeps no global state per plot that outlives its element.
  },
});
