/**
 * The outputs of a code cell in the Jupyter notebook format (nbformat 4), as the kernel client collects them
 * from a kernel's messages and as the notebook runner and the VS Code extension write them.
 */

/** A MIME bundle: one output in several representations (`text/html`, `application/vnd.plotly.v1+json`, …). */
export type NbMimeBundle = Record<string, unknown>;

/** Text printed to stdout or stderr by a cell. */
export interface NbStreamOutput {
  output_type: 'stream';
  name: 'stdout' | 'stderr';
  text: string | string[];
}

/** A rich output shown with `display()`. */
export interface NbDisplayOutput {
  output_type: 'display_data';
  data: NbMimeBundle;
  metadata: Record<string, unknown>;
}

/** The value of a cell's last expression (tslab prints it as stdout instead, but other kernels send this). */
export interface NbExecuteResultOutput {
  output_type: 'execute_result';
  execution_count: number | null;
  data: NbMimeBundle;
  metadata: Record<string, unknown>;
}

/** An exception raised by a cell. */
export interface NbErrorOutput {
  output_type: 'error';
  ename: string;
  evalue: string;
  traceback: string[];
}

/** One output of a code cell. */
export type NbOutput = NbStreamOutput | NbDisplayOutput | NbExecuteResultOutput | NbErrorOutput;
