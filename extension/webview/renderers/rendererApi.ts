/**
 * The part of VS Code's notebook renderer API (`vscode-notebook-renderer`) that Fupan's renderers use, typed
 * here rather than adding a dependency for a few lines.
 */

/** One output item of a cell. */
export interface OutputItem {
  readonly id: string;
  readonly mime: string;
  json(): unknown;
  text(): string;
}

/** What VS Code gives a renderer when it activates it. */
export interface RendererContext<TMessage> {
  /** Present when the renderer declares `requiresMessaging` and an extension listens. */
  postMessage?(message: TMessage): void;
  onDidReceiveMessage?(listener: (message: unknown) => void): { dispose(): void };
  readonly workspace: { readonly isTrusted: boolean };
}

/** What a renderer module's `activate` returns. */
export interface OutputRenderer {
  renderOutputItem(item: OutputItem, element: HTMLElement, signal: AbortSignal): void | Promise<void>;
  disposeOutputItem?(id?: string): void;
}

/** The type of a renderer module's exported `activate`. */
export type ActivationFunction<TMessage = unknown> = (context: RendererContext<TMessage>) => OutputRenderer;
