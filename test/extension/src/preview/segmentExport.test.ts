import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fakePreview, uri, type FakeUri } from './fakePreviewVscode.js';

/**
 * The segment preview's export writes a file only when the user picked one in the save dialog:
 * cancelling writes nothing, a picked file gets exactly the segment's users, and messages the webview
 * might send that are not an export (or a forged "write this file") write nothing and open no dialog.
 * `vscode` is faked: the panel's webview is a message channel, the file is the e2e fixture.
 */

const ORDERS = join(__dirname, '../../fixtures/ws/orders.csv');

/** Opens the preview of the fixture, sends the webview's messages, waits for the host to handle them. */
async function preview(saveAnswer: FakeUri | undefined, ...messages: unknown[]) {
  const { state, open, settle } = fakePreview({ saveAnswer });
  await open(ORDERS);
  assert.ok(
    state.posted.some((m) => m.type === 'summary'),
    JSON.stringify(state.posted),
  );
  assert.deepEqual(state.errors, []);
  for (const m of messages) state.listener!(m);
  await settle();
  return state;
}

describe('extension segment preview: nothing written without the user’s say', () => {
  it('cancelling the save dialog writes nothing', async () => {
    const state = await preview(undefined, { type: 'exportSegment', segment: 'generalWinBack' });
    assert.equal(state.dialogs, 1);
    assert.deepEqual(state.written, []);
  });

  it('writes the segment’s users to the file the user picked, and only there', async () => {
    const state = await preview(uri('/picked/users.csv'), {
      type: 'exportSegment',
      segment: 'generalWinBack',
    });
    assert.deepEqual(
      state.written.map((w) => w.path),
      ['/picked/users.csv'],
    );
    assert.match(state.written[0].text, /^user_id,recency,frequency,monetary,r,f,m,segment,segment_zh\n/);
    assert.equal(
      state.written[0].text.trim().split('\n').length,
      3,
      'a header and the 2 users of the segment',
    );
    assert.ok(
      state.posted.some(
        (m) => m.type === 'status' && /Exported 2 users to \/picked\/users\.csv/.test(m.text!),
      ),
    );
  });

  it('other and forged messages open no dialog and write nothing', async () => {
    const state = await preview(
      uri('/picked/users.csv'),
      { type: 'ready' },
      { type: 'setStrategy', strategy: 'mean' },
      { type: 'requestRows', requestId: 1, segment: null, sort: null, start: 0, end: 5 },
      { type: 'writeFile', path: '/etc/passwd', text: 'x' },
      { type: 'exportCsv', suggestedName: 'x.csv', csv: 'x' },
    );
    assert.equal(state.dialogs, 0);
    assert.deepEqual(state.written, []);
  });
});
