import type { NbMimeBundle, NbOutput } from './outputs.js';
import type { JupyterMessage } from './wire.js';

/**
 * Turns the iopub messages of one execution into nbformat 4 outputs, the way Jupyter's own client does:
 * consecutive chunks of one stream are merged, `update_display_data` replaces the output it names,
 * `clear_output` empties the list.
 */
export class OutputCollector {
  /** The outputs so far, in nbformat 4 shape. */
  readonly outputs: NbOutput[] = [];
  private readonly displays = new Map<string, number>();

  /** @param onOutput called with each new or updated output, as soon as it arrives */
  constructor(private readonly onOutput?: (output: NbOutput) => void) {}

  /** Adds one iopub message; returns false when it is not an output message. */
  add(message: JupyterMessage): boolean {
    const c = message.content;
    switch (message.header.msg_type) {
      case 'stream':
        return this.stream(c.name === 'stderr' ? 'stderr' : 'stdout', String(c.text ?? ''));
      case 'display_data':
        this.display(c.data as NbMimeBundle, (c.metadata ?? {}) as Record<string, unknown>, displayId(c));
        return true;
      case 'update_display_data':
        this.update(c.data as NbMimeBundle, (c.metadata ?? {}) as Record<string, unknown>, displayId(c));
        return true;
      case 'execute_result':
        this.push({
          output_type: 'execute_result',
          execution_count: typeof c.execution_count === 'number' ? c.execution_count : null,
          data: c.data as NbMimeBundle,
          metadata: (c.metadata ?? {}) as Record<string, unknown>,
        });
        return true;
      case 'error':
        this.push({
          output_type: 'error',
          ename: String(c.ename ?? ''),
          evalue: String(c.evalue ?? ''),
          traceback: Array.isArray(c.traceback) ? c.traceback.map(String) : [],
        });
        return true;
      case 'clear_output':
        this.outputs.length = 0;
        this.displays.clear();
        return true;
      default:
        return false;
    }
  }

  /** All text written to stderr. */
  stderr(): string {
    return this.outputs
      .map((o) => (o.output_type === 'stream' && o.name === 'stderr' ? String(o.text) : ''))
      .join('');
  }

  private stream(name: 'stdout' | 'stderr', text: string): boolean {
    const last = this.outputs[this.outputs.length - 1];
    if (last?.output_type === 'stream' && last.name === name) last.text = String(last.text) + text;
    else this.outputs.push({ output_type: 'stream', name, text });
    this.onOutput?.({ output_type: 'stream', name, text });
    return true;
  }

  private display(data: NbMimeBundle, metadata: Record<string, unknown>, id: string | undefined): void {
    if (id) this.displays.set(id, this.outputs.length);
    this.push({ output_type: 'display_data', data, metadata });
  }

  private update(data: NbMimeBundle, metadata: Record<string, unknown>, id: string | undefined): void {
    const at = id === undefined ? undefined : this.displays.get(id);
    if (at === undefined) return;
    const output: NbOutput = { output_type: 'display_data', data, metadata };
    this.outputs[at] = output;
    this.onOutput?.(output);
  }

  private push(output: NbOutput): void {
    this.outputs.push(output);
    this.onOutput?.(output);
  }
}

function displayId(content: Record<string, unknown>): string | undefined {
  const transient = content.transient as { display_id?: unknown } | undefined;
  return typeof transient?.display_id === 'string' ? transient.display_id : undefined;
}
