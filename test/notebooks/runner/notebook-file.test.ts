import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatNotebook, readNotebook } from '../../../notebooks/runner/notebook-file.js';
import { splitLines, type Notebook } from '../../../notebooks/runner/nbformat.js';
import { FIXTURES } from './cli-run.js';

describe('notebook files', () => {
  it('formats a notebook exactly as Jupyter writes it (sorted keys, 1-space indent, lines), so it round-trips', () => {
    // The fixtures were written by Python's json.dumps(sort_keys=True, indent=1, ensure_ascii=False), as nbformat does.
    for (const name of ['demo.ipynb', 'fails.ipynb']) {
      const path = join(FIXTURES, name);
      assert.equal(formatNotebook(readNotebook(path)), readFileSync(path, 'utf8'), name);
    }
  });

  it('stores multi-line text as lines and keeps JSON outputs as objects', () => {
    const nb: Notebook = {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {},
      cells: [
        {
          cell_type: 'code',
          id: 'c1',
          source: 'a\nb',
          metadata: {},
          execution_count: 1,
          outputs: [
            { output_type: 'stream', name: 'stdout', text: '1\n2\n' },
            {
              output_type: 'display_data',
              data: { 'text/html': '<b>\n</b>', 'application/json': { a: 1 } },
              metadata: {},
            },
          ],
        },
      ],
    };
    const json = JSON.parse(formatNotebook(nb));
    assert.deepEqual(json.cells[0].source, ['a\n', 'b']);
    assert.deepEqual(json.cells[0].outputs[0].text, ['1\n', '2\n']);
    assert.deepEqual(json.cells[0].outputs[1].data, {
      'application/json': { a: 1 },
      'text/html': ['<b>\n', '</b>'],
    });
  });

  it('splits lines keeping their newlines', () => {
    assert.deepEqual(splitLines(''), []);
    assert.deepEqual(splitLines('a'), ['a']);
    assert.deepEqual(splitLines('a\n\nb\n'), ['a\n', '\n', 'b\n']);
  });

  it('rejects a file that is not an nbformat 4 notebook, naming it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fupan-nb-'));
    try {
      writeFileSync(join(dir, 'bad.ipynb'), '{"cells": 3}');
      assert.throws(() => readNotebook(join(dir, 'bad.ipynb')), /bad\.ipynb: not an nbformat 4 notebook/);
      writeFileSync(join(dir, 'broken.ipynb'), '{');
      assert.throws(() => readNotebook(join(dir, 'broken.ipynb')), /broken\.ipynb: not a JSON notebook/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
