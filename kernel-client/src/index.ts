/**
 * `@fupan/kernel-client`: a client for the tslab kernel (TypeScript 内核客户端) that needs only Node. It starts
 * `tslab kernel`, speaks the Jupyter messaging protocol to it over ZeroMQ and returns each cell's outputs in
 * nbformat 4 shape. Used by the headless notebook runner (`notebooks/runner`) and the VS Code extension.
 * Importing it loads zeromq's native addon; `@fupan/kernel-client/findTslab` (where tslab is) does not.
 */
export {
  KernelError,
  TslabKernel,
  type ExecuteOptions,
  type ExecutionResult,
  type ExecutionStatus,
  type KernelExit,
  type KernelStartOptions,
} from './kernel.js';
export type { TslabCommand } from './kernel-process.js';
export type {
  NbDisplayOutput,
  NbErrorOutput,
  NbExecuteResultOutput,
  NbMimeBundle,
  NbOutput,
  NbStreamOutput,
} from './outputs.js';
