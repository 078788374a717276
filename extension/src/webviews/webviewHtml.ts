import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/** What a Fupan webview page is made of: its own script and style files from the extension, nothing else. */
export interface WebviewPage {
  title: string;
  /** Script under `dist/`, e.g. `preview.js`. */
  script: string;
  /** Style sheets under `media/`. */
  styles: string[];
}

/** A fresh nonce for one page load: 128 random bits, base64. */
export function makeNonce(): string {
  return randomBytes(16).toString('base64');
}

/**
 * The content security policy of every Fupan webview: nothing by default; scripts and styles only from the
 * extension's own files and only with this page's nonce; images from the extension or `data:`. No remote
 * origin, no inline script, no eval.
 * @param cspSource the webview's `cspSource`
 * @param nonce this page's nonce
 */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}

/**
 * The HTML shell of a Fupan webview: the CSP meta tag, the style sheets and one script, all with the nonce.
 * The body is built by the script with DOM calls and `textContent`, so no data is ever parsed as HTML.
 * @param webview the webview the page is for
 * @param extensionUri the extension's root
 * @param page the page's files
 */
export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, page: WebviewPage): string {
  const nonce = makeNonce();
  const uri = (...parts: string[]) =>
    webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...parts)).toString();
  const styles = page.styles
    .map((s) => `<link rel="stylesheet" nonce="${nonce}" href="${uri('media', s)}">`)
    .join('\n    ');
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(webview.cspSource, nonce)}">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    ${styles}
    <title>${page.title.replace(/[<>&"]/g, '')}</title>
  </head>
  <body>
    <div id="app"></div>
    <script nonce="${nonce}" src="${uri('dist', page.script)}"></script>
  </body>
</html>`;
}

/** Webview options of Fupan pages: scripts on, and only `dist/` and `media/` readable. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    retainContextWhenHidden: true,
    localResourceRoots: [
      vscode.Uri.joinPath(extensionUri, 'dist'),
      vscode.Uri.joinPath(extensionUri, 'media'),
    ],
  };
}
