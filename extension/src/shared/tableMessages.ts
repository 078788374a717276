/**
 * Messages between the Fupan table notebook renderer and the extension host: the renderer never writes files
 * itself; it asks the host, which asks the user.
 */

/** Renderer → host. */
export type TableRendererMessage =
  { type: 'exportCsv'; suggestedName: string; csv: string } | { type: 'copy'; text: string };

/** Host → renderer. */
export type TableHostMessage =
  | { type: 'exported'; path: string }
  | { type: 'exportCancelled' }
  | { type: 'copied' }
  | { type: 'failed'; message: string };
