import assert from 'node:assert/strict';
import { requireWithVscode } from '../fakeVscode.js';

/**
 * The HTML shell of Fupan's webviews with hostile page titles (a file name can be anything): the title
 * cannot close its element or open a tag, and the page runs only its own nonce'd script under a CSP with
 * no inline script, no eval and no remote origin. `vscode` is faked (it exists only inside VS Code).
 */

const fakeVscode = {
  Uri: {
    joinPath: (base: { path: string }, ...parts: string[]) => ({ path: [base.path, ...parts].join('/') }),
  },
};

function loadWebviewHtml(): typeof import('../../../../extension/src/webviews/webviewHtml.js') {
  return requireWithVscode(require.resolve('../../../../extension/src/webviews/webviewHtml.ts'), fakeVscode);
}

const webview = {
  cspSource: 'vscode-webview://fupan',
  asWebviewUri: (u: { path: string }) => ({ toString: () => `vscode-webview://fupan${u.path}` }),
};

describe('extension webview shell: hostile titles and the content security policy', () => {
  const { webviewHtml } = loadWebviewHtml();
  const HOSTILE_TITLES = [
    '</title><script>alert(1)</script>',
    '"><img src=x onerror=alert(1)>.csv',
    '\u202Egnp.exe\u202C & <b>',
    'x'.repeat(10_000),
  ];

  for (const title of HOSTILE_TITLES) {
    it(`title ${JSON.stringify(title.slice(0, 40))} stays text inside <title>`, () => {
      const html = webviewHtml(webview as never, { path: '/ext' } as never, {
        title,
        script: 'preview.js',
        styles: ['table.css'],
      });
      const shown = /<title>([\s\S]*?)<\/title>/.exec(html)![1];
      assert.equal(shown, title.replace(/[<>&"]/g, ''));
      assert.equal((html.match(/<script/g) ?? []).length, 1, 'one script tag: the page’s own');
      assert.equal((html.match(/<title>/g) ?? []).length, 1);
      assert.doesNotMatch(html, /<img|<b>|<\/title><script/); // the words may remain, as text
    });
  }

  it('allows only nonce’d scripts and styles from the extension, nothing remote, no inline script', () => {
    const html = webviewHtml(webview as never, { path: '/ext' } as never, {
      title: 't',
      script: 'preview.js',
      styles: [],
    });
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)![1];
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)![1];
    assert.match(csp, /default-src 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:|\*/);
    assert.match(
      html,
      new RegExp(
        `<script nonce="${nonce.replace(/[+/=]/g, '\\$&')}" src="vscode-webview://fupan/ext/dist/preview.js">`,
      ),
    );
    // A fresh nonce per page load.
    const again = webviewHtml(webview as never, { path: '/ext' } as never, {
      title: 't',
      script: 'preview.js',
      styles: [],
    });
    assert.notEqual(/nonce-([^']+)'/.exec(again)![1], nonce);
  });
});
