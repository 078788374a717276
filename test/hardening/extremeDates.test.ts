import assert from 'node:assert/strict';
import { FupanError, InputError, SpecError } from '../../kernel-lib/src/errors.js';
import { load } from '../../kernel-lib/src/io/load.js';
import { cohortMatrix } from '../../kernel-lib/src/metrics/cohort/cohort.js';

/**
 * Issue 21 item 16: a placeholder date that load() accepts (9999-12-31) or an as-of date far in the
 * future gives a FupanError naming the span, not a RangeError from a typed-array allocation.
 */
describe('hardening: extreme dates in metrics', () => {
  it('cohortMatrix on a 9999-12-31 placeholder refuses naming the span, for any period', async () => {
    const events = await load('user_id,ts\nu1,2016-10-01\nu2,9999-12-31\n', { table: 'events' });
    for (const period of ['day', 'week', 'month'] as const) {
      assert.throws(
        () => cohortMatrix(events, { period }),
        (err: unknown) =>
          err instanceof InputError && /2016-10-01 to 9999-12-31.*9999-12-31/.test(err.message),
      );
    }
    // with an as-of date the placeholder's row is after it, and the matrix is laid out
    const m = cohortMatrix(events, { asOf: '2016-10-31' });
    assert.equal(m.asOf, '2016-10-31');
  });

  it('an as-of date far in the future is a SpecError, also beyond the years a Date holds', async () => {
    const events = await load('user_id,ts\nu1,2016-10-01\nu2,2016-12-31\n', { table: 'events' });
    for (const asOf of ['9999-12-31', '+275000-01-01']) {
      assert.throws(
        () => cohortMatrix(events, { asOf }),
        (err: unknown) =>
          err instanceof FupanError && (err instanceof SpecError || err instanceof InputError),
      );
    }
  });
});
