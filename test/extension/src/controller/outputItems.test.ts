import assert from 'node:assert/strict';
import {
  cellOutputs,
  ERROR_MIME,
  mimeItems,
  STDERR_MIME,
  STDOUT_MIME,
} from '../../../../extension/src/controller/outputItems.js';

const decode = (d: Uint8Array) => new TextDecoder().decode(d);

describe('mimeItems (kernel outputs → VS Code output items)', () => {
  it('puts the Fupan table and plotly first and text/plain last', () => {
    const items = mimeItems({
      'text/plain': 'RFM segments',
      'text/html': '<table></table>',
      'application/vnd.plotly.v1+json': { data: [], layout: {} },
      'application/vnd.fupan.table+json': { version: 1, columns: [], rows: [] },
    });
    assert.deepEqual(
      items.map((i) => i.mime),
      ['application/vnd.fupan.table+json', 'application/vnd.plotly.v1+json', 'text/html', 'text/plain'],
    );
  });
  it('stores JSON MIME types as JSON, parsing a figure that arrived as a string', () => {
    const [item] = mimeItems({ 'application/vnd.plotly.v1+json': '{"data":[{"type":"bar"}],"layout":{}}' });
    assert.deepEqual(JSON.parse(decode(item.data)), { data: [{ type: 'bar' }], layout: {} });
  });
  it('decodes base64 images to bytes and joins multi-line text', () => {
    const [png] = mimeItems({ 'image/png': 'iVBORw0K\nGgo=' });
    assert.deepEqual(Array.from(png.data.subarray(0, 4)), [0x89, 0x50, 0x4e, 0x47]);
    const [html] = mimeItems({ 'text/html': ['<b>', 'done</b>'] });
    assert.equal(decode(html.data), '<b>done</b>');
  });
});

describe('cellOutputs', () => {
  it('merges consecutive chunks of one stream and keeps stdout and stderr apart', () => {
    const out = cellOutputs([
      { output_type: 'stream', name: 'stdout', text: 'total ' },
      { output_type: 'stream', name: 'stdout', text: '33\n' },
      { output_type: 'stream', name: 'stderr', text: 'warning\n' },
    ]);
    assert.equal(out.length, 2);
    assert.equal(out[0].items[0].mime, STDOUT_MIME);
    assert.equal(decode(out[0].items[0].data), 'total 33\n');
    assert.equal(out[1].items[0].mime, STDERR_MIME);
  });
  it('turns an error into VS Code error JSON and keeps display outputs with their type', () => {
    const out = cellOutputs([
      { output_type: 'error', ename: 'TypeError', evalue: 'x is not a function', traceback: ['at cell 1'] },
      { output_type: 'display_data', data: { 'text/plain': '42' }, metadata: {} },
    ]);
    assert.equal(out[0].items[0].mime, ERROR_MIME);
    assert.deepEqual(JSON.parse(decode(out[0].items[0].data)), {
      name: 'TypeError',
      message: 'x is not a function',
      stack: 'at cell 1',
    });
    assert.equal(out[1].outputType, 'display_data');
  });
});
