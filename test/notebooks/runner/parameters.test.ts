import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readParameter } from '../../../extension/src/scaffold/parameterCell.js';
import { joinText } from '../../../notebooks/runner/nbformat.js';
import { readNotebook } from '../../../notebooks/runner/notebook-file.js';
import { parametersPage, templateParameters } from '../../../notebooks/runner/parameters.js';
import { PARAMETERS_PAGE, templateSources } from '../../../notebooks/runner/templates.js';

describe('template parameters page (PARAMETERS.md)', () => {
  const source = [
    '# Demo 演示',
    '',
    '```ts parameters',
    '// Files to read.',
    "const DATA: Record<string, string | null> = { orders: 'orders.csv' };",
    '// The rule: churned after',
    '// `days` quiet days.',
    'const RULE = {',
    '  days: 30, // a month',
    "  events: ['login'],",
    '};',
    "const PERIOD = 'month' as const; // no comment above",
    '```',
  ].join('\n');

  it('reads each constant with its one-line default and the comment above it', () => {
    const bad = templateParameters(
      'demo',
      source.replace("const PERIOD = 'month' as const; // no comment above\n", ''),
    );
    assert.equal(bad.title, 'Demo 演示');
    assert.deepEqual(bad.parameters, [
      { name: 'DATA', defaultValue: "{ orders: 'orders.csv' }", meaning: 'Files to read.' },
      {
        name: 'RULE',
        defaultValue: "{ days: 30, events: ['login'] }",
        meaning: 'The rule: churned after `days` quiet days.',
      },
    ]);
    assert.match(parametersPage([bad]), /\| `DATA` \| `\{ orders: 'orders.csv' \}` \| Files to read. \|/);
  });

  it('refuses a parameter without a comment saying what it means, naming the line', () => {
    assert.throws(() => templateParameters('demo', source), /demo\.md line 12: PERIOD has no comment/);
  });

  it('lists every constant of every committed template with its true default', () => {
    const page = readFileSync(PARAMETERS_PAGE, 'utf8');
    for (const [name, path] of templateSources()) {
      const cell = readNotebook(path.replace('/src/', '/').replace(/\.md$/, '.ipynb')).cells.find((c) =>
        ((c.metadata.tags as string[] | undefined) ?? []).includes('parameters'),
      );
      assert.ok(cell, `${name}: no parameter cell`);
      // `as const` narrows a literal's type; the scaffold rewrites the literal before it.
      const code = joinText(cell.source).replace(/\s+as const\b/g, '');
      const names = [...code.matchAll(/^const ([A-Z][A-Z0-9_]*)/gm)].map((m) => m[1]);
      const listed = templateParameters(name, readFileSync(path, 'utf8')).parameters;
      assert.deepEqual(
        listed.map((p) => p.name),
        names,
        name,
      );
      for (const p of listed) {
        assert.ok(
          page.includes(`| \`${p.name}\` | \`${p.defaultValue.replace(/\|/g, '\\|')}\` |`),
          `${name} ${p.name}`,
        );
        assert.deepEqual(
          readParameter(`const X = ${p.defaultValue};`, 'X'),
          readParameter(code, p.name),
          `${name} ${p.name}`,
        );
        assert.notEqual(readParameter(code, p.name), undefined, `${name} ${p.name} is not plain data`);
      }
    }
  });
});
