import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { joinText } from '../../notebooks/runner/nbformat.js';
import { readNotebook } from '../../notebooks/runner/notebook-file.js';
import { generatedTemplates } from '../../notebooks/runner/templates.js';
import { zonePasses } from './zonePassing.js';

/**
 * Issue 18 item 1, "timeZone appears in no metric call of the notebooks where the table already carries it":
 * every code cell of the article notebooks and of the templates (as generated from their sources) passes a
 * `timeZone` only to `load()` or to an SQL source.
 */
const notebooksDir = join(__dirname, '../../notebooks');

describe('notebooks pass the time zone to load() only', () => {
  it('finds a zone passed to a metric, in a spec object, in shorthand, and not one in load() or an SQL source', () => {
    const code = [
      "const t = await load(DATA.orders, { table: 'orders', timeZone: TIME_ZONE });",
      'const r = churn(data, { asOf: asOf, timeZone: TIME_ZONE });',
      'const spec = { days: 7, timeZone };',
      'const source = { file: PARQUET, timeZone: TIME_ZONE };',
      "console.log('timeZone: in a string', r.spec.timeZone); // timeZone: in a comment",
    ].join('\n');
    assert.deepEqual(
      zonePasses(code).map((p) => p.line),
      [2, 3],
    );
  });

  const cells: { where: string; code: string }[] = [];
  for (const file of readdirSync(notebooksDir).filter((f) => f.endsWith('.ipynb'))) {
    readNotebook(join(notebooksDir, file)).cells.forEach((c, k) => {
      if (c.cell_type === 'code') cells.push({ where: `${file} cell ${k}`, code: joinText(c.source) });
    });
  }
  for (const [path, text] of generatedTemplates()) {
    if (!path.endsWith('.ipynb')) continue;
    (JSON.parse(text) as { cells: { cell_type: string; source: string[] }[] }).cells.forEach((c, k) => {
      if (c.cell_type === 'code')
        cells.push({ where: `templates/${path.split('/').pop()} cell ${k}`, code: c.source.join('') });
    });
  }

  it('scans every notebook and template code cell', () => {
    assert.ok(cells.length > 100, `only ${cells.length} code cells found`);
  });

  it('no code cell passes timeZone outside load() and SQL sources', () => {
    const passes = cells.flatMap((c) =>
      zonePasses(c.code).map((p) => `${c.where} line ${p.line}: ${p.text}`),
    );
    assert.deepEqual(passes, []);
  });
});
