import type { NbMimeBundle, NbOutput } from '@fupan/kernel-client';

/** One output item ready for VS Code: a MIME type and its bytes. */
export interface OutputItemData {
  mime: string;
  data: Uint8Array;
}

/** One cell output: its items (richest first) and the nbformat output type, kept so `.ipynb` saves it back. */
export interface OutputData {
  outputType: NbOutput['output_type'];
  items: OutputItemData[];
  metadata?: Record<string, unknown>;
}

/** VS Code's MIME types for streams and errors (what `NotebookCellOutputItem.stdout()` etc. produce). */
export const STDOUT_MIME = 'application/vnd.code.notebook.stdout';
export const STDERR_MIME = 'application/vnd.code.notebook.stderr';
export const ERROR_MIME = 'application/vnd.code.notebook.error';

/** Fupan's interactive formats come first: VS Code shows the first item it has a renderer for. */
const PREFERRED = ['application/vnd.fupan.table+json', 'application/vnd.plotly.v1+json'];
const BINARY_IMAGES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/bmp']);
const encoder = new TextEncoder();

const text = (v: unknown) => (Array.isArray(v) ? v.join('') : typeof v === 'string' ? v : JSON.stringify(v));

/**
 * The items of a Jupyter MIME bundle: JSON MIME types as JSON (a figure that arrived as a JSON string is
 * parsed), base64 images as bytes, everything else as UTF-8 text. Fupan tables and plotly figures first, the
 * rest in the kernel's order (text/plain last).
 * @param bundle a `display_data` / `execute_result` bundle
 * @returns the items
 * @example mimeItems({ 'text/plain': '42' }) // [{ mime: 'text/plain', data: <'42'> }]
 */
export function mimeItems(bundle: NbMimeBundle): OutputItemData[] {
  const mimes = Object.keys(bundle).sort((a, b) => rank(a) - rank(b));
  return mimes.map((mime) => {
    const value = bundle[mime];
    if (mime === 'application/json' || mime.endsWith('+json')) {
      const json = typeof value === 'string' ? safeParse(value) : value;
      return { mime, data: encoder.encode(JSON.stringify(json)) };
    }
    if (BINARY_IMAGES.has(mime)) {
      return { mime, data: Uint8Array.from(Buffer.from(text(value).replace(/\s/g, ''), 'base64')) };
    }
    return { mime, data: encoder.encode(text(value)) };
  });
}

function rank(mime: string): number {
  const preferred = PREFERRED.indexOf(mime);
  if (preferred >= 0) return preferred - PREFERRED.length;
  return mime === 'text/plain' ? 1 : 0;
}

function safeParse(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/**
 * VS Code cell outputs from the kernel's nbformat outputs: streams as stdout/stderr items (consecutive chunks
 * of one stream merged), errors as error items, rich outputs by MIME type.
 * @param outputs what the kernel produced so far, in order
 * @returns the outputs to show
 */
export function cellOutputs(outputs: readonly NbOutput[]): OutputData[] {
  const out: OutputData[] = [];
  for (const o of outputs) {
    switch (o.output_type) {
      case 'stream': {
        const mime = o.name === 'stderr' ? STDERR_MIME : STDOUT_MIME;
        const last = out[out.length - 1];
        if (last?.outputType === 'stream' && last.items[0].mime === mime) {
          last.items[0] = { mime, data: concat(last.items[0].data, encoder.encode(text(o.text))) };
        } else {
          out.push({ outputType: 'stream', items: [{ mime, data: encoder.encode(text(o.text)) }] });
        }
        break;
      }
      case 'error':
        out.push({
          outputType: 'error',
          items: [
            {
              mime: ERROR_MIME,
              data: encoder.encode(
                JSON.stringify({ name: o.ename, message: o.evalue, stack: o.traceback.join('\n') }),
              ),
            },
          ],
        });
        break;
      case 'display_data':
      case 'execute_result':
        out.push({ outputType: o.output_type, items: mimeItems(o.data), metadata: o.metadata });
        break;
    }
  }
  return out;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const c = new Uint8Array(a.length + b.length);
  c.set(a);
  c.set(b, a.length);
  return c;
}
