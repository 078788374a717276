import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { ProgressBar } from '../../datasets/src/progress.js';
import { csvField } from '../../kernel-lib/src/present/csv.js';

const csvCell = (v: Parameters<typeof csvField>[0]) => csvField(v, { neutralizeFormulas: false });
import { SHANGHAI } from '../../datasets/src/clock.js';

/** A stream that keeps what is written. */
function sink(): { out: Writable; text: () => string } {
  let text = '';
  const out = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  });
  return { out, text: () => text };
}

describe('datasets helpers', () => {
  it('ProgressBar draws share, counts and a bar of 30 cells, and ends the line on finish', () => {
    const s = sink();
    const bar = new ProgressBar('p2p', 200, true, s.out);
    assert.match(bar.line(50, Date.now()), /^p2p \[#{8}-{22}\] 25% 50\/200 \d+\.\ds$/);
    bar.update(100);
    bar.finish();
    assert.match(s.text(), /^\rp2p \[#{15}-{15}\] 50% 100\/200 .*\rp2p \[#{30}\] 100% 200\/200 .*\n$/s);
  });

  it('ProgressBar stays silent when disabled (tests, pipes)', () => {
    const s = sink();
    const bar = new ProgressBar('b2b', 10, false, s.out);
    bar.update(5);
    bar.finish();
    assert.equal(s.text(), '');
  });

  it('a data field quotes only what needs quoting, keeps formula-like text and writes missing values empty', () => {
    assert.equal(csvCell('=1+1'), '=1+1');
    assert.equal(csvCell('plain'), 'plain');
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell('say "hi"'), '"say ""hi"""');
    assert.equal(csvCell(null), '');
    assert.equal(csvCell(undefined), '');
    assert.equal(csvCell(NaN), '');
    assert.equal(csvCell(12.5), '12.5');
    assert.equal(csvCell(false), 'false');
  });

  it('the Shanghai clock writes +08:00 timestamps and local days', () => {
    const ms = Date.parse('2017-03-05T16:30:00Z'); // 00:30 on 2017-03-06 in Shanghai
    assert.equal(SHANGHAI.timestamp(ms), '2017-03-06T00:30:00+08:00');
    assert.equal(SHANGHAI.date(ms), '2017-03-06');
    assert.equal(SHANGHAI.startOfDay(SHANGHAI.dayOf(ms)), Date.parse('2017-03-06T00:00:00+08:00'));
    assert.equal(SHANGHAI.dateOfDay(SHANGHAI.dayOf(ms)), '2017-03-06');
  });
});
