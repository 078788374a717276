/** MIME type of plotly figures in notebook outputs. */
export const PLOTLY_MIME = 'application/vnd.plotly.v1+json';

/** A plotly figure spec (JSON-serialisable): what `Plotly.newPlot(el, data, layout)` takes. */
export interface PlotlyFigure {
  data: Record<string, unknown>[];
  layout: Record<string, unknown>;
  config?: Record<string, unknown>;
}

/** Whether a value looks like a plotly figure. */
export function isPlotlyFigure(value: unknown): value is PlotlyFigure {
  return (
    typeof value === 'object' &&
    value !== null &&
    Array.isArray((value as PlotlyFigure).data) &&
    typeof (value as PlotlyFigure).layout === 'object'
  );
}
