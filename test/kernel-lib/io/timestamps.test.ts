import assert from 'node:assert/strict';
import { InputError } from '../../../kernel-lib/src/errors.js';
import { load } from '../../../kernel-lib/src/io/load.js';
import { TimestampColumn } from '../../../kernel-lib/src/table/columns.js';
import {
  DateStatus,
  daysFromCivil,
  dateParts,
  parseDate,
} from '../../../kernel-lib/src/io/values/timestamp.js';

async function times(values: string[], options: Parameters<typeof load>[1] = {}): Promise<number[]> {
  const csv = 'user_id,ts\n' + values.map((v, i) => `u${i},"${v}"`).join('\n') + '\n';
  const t = await load(csv, { types: { ts: 'timestamp' }, ...options });
  return Array.from((t.column('ts') as unknown as TimestampColumn).ms);
}

describe('io/timestamps: formats', () => {
  it('reads the common forms of dates and times', async () => {
    assert.deepEqual(
      await times([
        '2016-10-01',
        '2016-10-01 12:30:00',
        '2016-10-01 12:30',
        '2016/10/1 9:05',
        '2016.10.01',
        '20161001',
        '2016-10-01T12:30:00.250',
        '2016-10-01T12:30:00.5',
      ]),
      [
        Date.UTC(2016, 9, 1),
        Date.UTC(2016, 9, 1, 12, 30),
        Date.UTC(2016, 9, 1, 12, 30),
        Date.UTC(2016, 9, 1, 9, 5),
        Date.UTC(2016, 9, 1),
        Date.UTC(2016, 9, 1),
        Date.UTC(2016, 9, 1, 12, 30, 0, 250),
        Date.UTC(2016, 9, 1, 12, 30, 0, 500),
      ],
    );
  });

  it('keeps an offset written in the value, whatever the time zone option', async () => {
    assert.deepEqual(
      await times(
        [
          '2016-10-01T12:30:00+08:00',
          '2016-10-01T12:30:00Z',
          '2016-10-01 12:30:00 -0500',
          '2016-10-01 12:30 UTC',
        ],
        {
          timeZone: 'America/New_York',
        },
      ),
      [
        Date.UTC(2016, 9, 1, 4, 30),
        Date.UTC(2016, 9, 1, 12, 30),
        Date.UTC(2016, 9, 1, 17, 30),
        Date.UTC(2016, 9, 1, 12, 30),
      ],
    );
  });

  it('reads naive times as local time in the time zone (Asia/Shanghai, +08:00)', async () => {
    const expected = [Date.UTC(2016, 9, 1, 4, 30)];
    assert.deepEqual(await times(['2016-10-01 12:30'], { timeZone: 'Asia/Shanghai' }), expected);
    assert.deepEqual(await times(['2016-10-01 12:30'], { timeZone: '+08:00' }), expected);
  });

  it('follows DST: a skipped local time moves past the gap, a repeated one takes its first occurrence', async () => {
    const ny = { timeZone: 'America/New_York' };
    assert.deepEqual(await times(['2016-03-13 01:30', '2016-03-13 02:30', '2016-03-13 03:30'], ny), [
      Date.UTC(2016, 2, 13, 6, 30), // EST
      Date.UTC(2016, 2, 13, 7, 30), // 02:30 does not exist; read as 03:30 EDT
      Date.UTC(2016, 2, 13, 7, 30), // EDT
    ]);
    assert.deepEqual(await times(['2016-11-06 00:30', '2016-11-06 01:30', '2016-11-06 02:30'], ny), [
      Date.UTC(2016, 10, 6, 4, 30), // EDT
      Date.UTC(2016, 10, 6, 5, 30), // first 01:30 (EDT)
      Date.UTC(2016, 10, 6, 7, 30), // EST
    ]);
    assert.deepEqual(await times(['2016-07-01 12:00', '2016-12-01 12:00'], ny), [
      Date.UTC(2016, 6, 1, 16),
      Date.UTC(2016, 11, 1, 17),
    ]);
  });

  it('reads 12-hour clock times', async () => {
    assert.deepEqual(
      await times(['12/1/2010 8:26 AM', '12/1/2010 12:05 PM', '12/1/2010 12:05 AM', '12/1/2010 1:00 pm'], {
        dateFormat: 'mdy',
      }),
      [
        Date.UTC(2010, 11, 1, 8, 26),
        Date.UTC(2010, 11, 1, 12, 5),
        Date.UTC(2010, 11, 1, 0, 5),
        Date.UTC(2010, 11, 1, 13),
      ],
    );
  });
});

describe('io/timestamps: day/month order of slash dates', () => {
  it('decides the order from the data when one value shows it', async () => {
    assert.deepEqual(await times(['12/1/2010 8:26', '12/13/2010 9:00']), [
      Date.UTC(2010, 11, 1, 8, 26),
      Date.UTC(2010, 11, 13, 9),
    ]);
    assert.deepEqual(await times(['1/12/2010', '13/12/2010']), [
      Date.UTC(2010, 11, 1),
      Date.UTC(2010, 11, 13),
    ]);
  });

  it('refuses dates whose order the data does not show, unless dateFormat says it', async () => {
    await assert.rejects(times(['12/1/2010 8:26', '3/4/2011 10:00']), (e: unknown) => {
      assert.ok(e instanceof InputError);
      assert.equal(e.location.line, 2);
      assert.equal(e.location.value, '12/1/2010 8:26');
      assert.match(e.message, /ambiguous date.*dateFormat: "mdy"/);
      return true;
    });
    assert.deepEqual(await times(['12/1/2010 8:26', '3/4/2011'], { dateFormat: 'mdy' }), [
      Date.UTC(2010, 11, 1, 8, 26),
      Date.UTC(2011, 2, 4),
    ]);
    assert.deepEqual(await times(['12/1/2010 8:26', '3/4/2011'], { dateFormat: 'dmy' }), [
      Date.UTC(2010, 0, 12, 8, 26),
      Date.UTC(2011, 3, 3),
    ]);
  });

  it('refuses a value that contradicts the order of earlier rows', async () => {
    await assert.rejects(
      times(['13/1/2010', '1/13/2010']),
      /line 3, column "ts": date in a different day\/month order/,
    );
  });

  it('refuses two-digit years', async () => {
    await assert.rejects(times(['12/1/10']), /two-digit year: "12\/1\/10" \(expected a four-digit year/);
  });

  it('reads Excel serial dates and epoch numbers only when dateFormat says so', async () => {
    assert.deepEqual(await times(['42644', '42644.5'], { dateFormat: 'excel' }), [
      Date.UTC(2016, 9, 1),
      Date.UTC(2016, 9, 1, 12),
    ]);
    assert.deepEqual(await times(['1475325000'], { dateFormat: 'epoch-s' }), [1475325000000]);
    assert.deepEqual(await times(['1475325000000'], { dateFormat: 'epoch-ms' }), [1475325000000]);
    await assert.rejects(times(['42644']), /unparseable date: "42644"/);
  });

  it('refuses impossible dates and times', async () => {
    for (const bad of [
      '2016-02-30',
      '2016-13-01',
      '2016-10-01 24:00',
      '2016-10-01 12:60',
      '2016-02-30 10:00:00',
      '2016-10-01 12:00:60',
      '2016-1o-01',
      'yesterday',
      '2016-10',
    ]) {
      await assert.rejects(
        times([bad]),
        (e: unknown) => e instanceof InputError && e.location.value === bad,
        bad,
      );
    }
  });
});

describe('io/timestamps: calendar arithmetic', () => {
  it('day numbers agree with Date.UTC inside and outside the month table (1890–2210)', () => {
    for (let y = 1890; y <= 2210; y++) {
      for (let m = 1; m <= 12; m++) {
        for (const d of [1, 15, 28]) {
          assert.equal(daysFromCivil(y, m, d), Date.UTC(y, m - 1, d) / 86_400_000, `${y}-${m}-${d}`);
        }
      }
    }
  });

  it('accepts 29 February only in leap years, inside and outside the table', () => {
    const parts = dateParts();
    const feb29 = (y: number) => parseDate(Buffer.from(`${y}-02-29`), 0, 10, 0, parts);
    assert.deepEqual(
      [1896, 1900, 2000, 2024, 2100, 2200, 2204].map((y) => feb29(y) === DateStatus.Ok),
      [true, false, true, true, false, false, true],
    );
    assert.notEqual(parseDate(Buffer.from('2023-04-31'), 0, 10, 0, parts), DateStatus.Ok);
  });
});
