import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const extensionDir = path.join(__dirname, '..', '..', 'extension');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Runtime strings (`vscode.l10n.t('…')`) of the extension host code. */
function runtimeStrings(): Set<string> {
  const found = new Set<string>();
  for (const file of sources(path.join(extensionDir, 'src'))) {
    for (const m of readFileSync(file, 'utf8').matchAll(/l10n\.t\(\s*'((?:[^'\\]|\\.)*)'/g)) {
      found.add(m[1].replace(/\\(.)/g, '$1'));
    }
  }
  return found;
}

describe('extension UI strings in English and Simplified Chinese', () => {
  it('translates every runtime string, and keeps no stale translation', () => {
    const zh = JSON.parse(readFileSync(path.join(extensionDir, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8'));
    const strings = runtimeStrings();
    assert.ok(strings.size > 10);
    assert.deepEqual(
      [...strings].filter((s) => !(s in zh)),
      [],
    );
    assert.deepEqual(
      Object.keys(zh).filter((k) => !strings.has(k)),
      [],
    );
  });
  it('has a Chinese entry for every manifest string, and every %key% of package.json exists', () => {
    const en = JSON.parse(readFileSync(path.join(extensionDir, 'package.nls.json'), 'utf8'));
    const zh = JSON.parse(readFileSync(path.join(extensionDir, 'package.nls.zh-cn.json'), 'utf8'));
    assert.deepEqual(Object.keys(zh).sort(), Object.keys(en).sort());
    const manifest = readFileSync(path.join(extensionDir, 'package.json'), 'utf8');
    const keys = [...manifest.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]);
    assert.deepEqual(
      keys.filter((k) => !(k in en)),
      [],
    );
  });
});
