import assert from 'node:assert/strict';
import { buildTemplate } from '../../../notebooks/runner/templates.js';
import type { Notebook } from '../../../notebooks/runner/nbformat.js';

const article: Notebook = {
  nbformat: 4,
  nbformat_minor: 5,
  metadata: {},
  cells: [
    {
      cell_type: 'code',
      id: 'shared01',
      metadata: { tags: ['template'] },
      source: ['display(x);\n', 'y'],
      execution_count: 3,
      outputs: [{ output_type: 'stream', name: 'stdout', text: 'out' }],
    },
    {
      cell_type: 'code',
      id: 'private1',
      metadata: {},
      source: 'console.log(ARTICLE)',
      execution_count: 4,
      outputs: [],
    },
  ],
};
const read = (file: string) => {
  assert.equal(file, '000-x.ipynb');
  return article;
};

describe('template generator: one source, article cells shared by tag', () => {
  it('markdown between blocks, the parameter cell tagged, a referenced article cell copied without outputs', () => {
    const nb = buildTemplate(
      't',
      '# Title\n\ntext\n\n```ts parameters\nconst A = 1;\n```\n\n<!-- cell 000-x.ipynb#shared01 -->\n',
      read,
    );
    assert.deepEqual(
      nb.cells.map((c) => [c.cell_type, c.source, c.metadata]),
      [
        ['markdown', ['# Title\n', '\n', 'text'], {}],
        ['code', ['const A = 1;'], { tags: ['parameters'] }],
        ['code', ['display(x);\n', 'y'], {}],
      ],
    );
    const shared = nb.cells[2];
    assert.ok(shared.cell_type === 'code' && shared.outputs.length === 0 && shared.execution_count === null);
    // Ids are stable: generating twice gives the same file.
    assert.deepEqual(
      buildTemplate('t', '# Title\n', read).cells[0].id,
      buildTemplate('t', '# Title\n', read).cells[0].id,
    );
  });

  it('refuses a referenced cell that is missing or not tagged "template", naming the source line', () => {
    assert.throws(
      () => buildTemplate('t', 'x\n<!-- cell 000-x.ipynb#nope -->', read),
      /t\.md line 2: 000-x\.ipynb has no cell nope/,
    );
    assert.throws(
      () => buildTemplate('t', '<!-- cell 000-x.ipynb#private1 -->', read),
      /t\.md line 1: cell private1 of 000-x\.ipynb is not tagged "template"/,
    );
    assert.throws(() => buildTemplate('t', '```ts\nconst a = 1;\n', read), /unclosed code block/);
  });
});
