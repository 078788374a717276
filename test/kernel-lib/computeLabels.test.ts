import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';

/**
 * Compute returns data only (docs/architecture.md, issue 18 item 4): no result of a function in metrics/ or
 * sql/metrics/ carries a label column such as `stage_zh` or `label_en`; the names of codes (English and
 * Chinese) are in present/<metric>Labels.ts. Read with TypeScript's parser, so comments saying where the
 * labels went do not count and a column built from a string, a property or a template does.
 */

const SRC = resolve(__dirname, '../../kernel-lib/src');
const COMPUTE_ROOMS = ['metrics', 'sql/metrics'];

/** A label column name, `<name>_zh` or `<name>_en` (e.g. `stage_zh`, `label_en`), or its tail in a template. */
const LABEL_COLUMN = /(^|\w)_(zh|en)\b/;

/** One place in a source file that names a label column. */
interface LabelHit {
  file: string;
  line: number;
  text: string;
}

/** Identifiers, property names, string and template text of a source that name a label column. */
export function labelColumnsIn(file: string, source: string): LabelHit[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const hits: LabelHit[] = [];
  const visit = (node: ts.Node) => {
    const text =
      ts.isIdentifier(node) || ts.isPrivateIdentifier(node)
        ? node.text
        : ts.isStringLiteralLike(node) || ts.isTemplateLiteralToken(node)
          ? node.text
          : undefined;
    if (text !== undefined && LABEL_COLUMN.test(text)) {
      const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
      hits.push({ file, line, text });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return hits;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('compute results carry no labels', () => {
  const files = COMPUTE_ROOMS.flatMap((room) => tsFiles(join(SRC, room)));

  it('reads the compute rooms', () => {
    assert.ok(files.some((f) => f.endsWith('rfm/rfm.ts')));
    assert.ok(files.some((f) => f.endsWith(join('sql', 'metrics', 'rfm.ts'))));
  });

  it('has no _zh or _en label column in metrics/ or sql/metrics/', () => {
    const hits = files.flatMap((f) => labelColumnsIn(relative(SRC, f), readFileSync(f, 'utf8')));
    assert.deepEqual(
      hits.map((h) => `${h.file}:${h.line} ${h.text}`),
      [],
      'label columns belong in present/ (a present/<metric>Labels.ts dictionary applied by the table/figure)',
    );
  });

  it('finds a label column in a property, a string, a template and a computed key, not in a comment', () => {
    const source = [
      '/** stage, stage_zh, users */',
      'const t = aq.table({ stage, stage_zh: names, users });',
      "const select = ['segment', 'label_en'];",
      'const key = `${column}_zh`;',
      'row[`level_zh`] = 1;',
      '// actual_zh is gone',
    ].join('\n');
    assert.deepEqual(
      labelColumnsIn('x.ts', source).map((h) => `${h.line} ${h.text}`),
      ['2 stage_zh', '3 label_en', '4 _zh', '5 level_zh'],
    );
  });
});
