import assert from 'node:assert/strict';
import * as aq from 'arquero';
import { parseUtm } from '../../../../kernel-lib/src/metrics/signups/utm.js';

describe('parseUtm', () => {
  it('reads the five parameters and percent-decodes Chinese values', () => {
    const r = parseUtm([
      'https://shop.example.cn/landing?utm_source=%E5%BE%AE%E4%BF%A1&utm_medium=social&utm_campaign=spring+sale&utm_content=banner&utm_term=%E7%90%86%E8%B4%A2#top',
      '/signup?UTM_SOURCE=baidu&utm_medium=cpc&other=1',
      'https://shop.example.cn/',
    ]);
    assert.deepEqual(r.table.objects(), [
      {
        row: 1,
        utm_source: '微信',
        utm_medium: 'social',
        utm_campaign: 'spring sale',
        utm_content: 'banner',
        utm_term: '理财',
      },
      {
        row: 2,
        utm_source: 'baidu',
        utm_medium: 'cpc',
        utm_campaign: null,
        utm_content: null,
        utm_term: null,
      },
      { row: 3, utm_source: null, utm_medium: null, utm_campaign: null, utm_content: null, utm_term: null },
    ]);
    assert.deepEqual(r.malformed, []);
    assert.equal(r.missing, 0);
  });

  it('reports malformed URLs with row and value instead of dropping them', () => {
    const r = parseUtm([
      'https://a.cn/?utm_source=ok',
      'https://a.cn/?utm_source=%D6%D0', // GBK bytes, not UTF-8
      'http://',
      'https://a.cn/ ?utm_source=x',
      '/x?utm_source=a&utm_source=b',
      null,
      '',
    ]);
    assert.deepEqual(
      r.malformed.map((m) => [m.row, m.value]),
      [
        [2, 'https://a.cn/?utm_source=%D6%D0'],
        [3, 'http://'],
        [4, 'https://a.cn/ ?utm_source=x'],
        [5, '/x?utm_source=a&utm_source=b'],
      ],
    );
    assert.match(r.malformed[0].problem, /bad percent-encoding in utm_source/);
    assert.equal(r.malformed[1].problem, 'not a URL');
    assert.match(r.malformed[3].problem, /given twice/);
    assert.equal(r.missing, 2);
    assert.equal(r.table.numRows(), 7, 'one output row per input row, so it joins back');
    assert.deepEqual(r.table.array('utm_source'), ['ok', null, null, null, null, null, null]);
  });

  it('reads a URL column of a table', () => {
    const t = aq.from([{ url: '/?utm_source=x' }, { url: '/?utm_medium=y' }]);
    assert.deepEqual(parseUtm(t).table.array('utm_source'), ['x', null]);
    assert.deepEqual(parseUtm(aq.from([{ landing: '/?utm_term=z' }]), 'landing').table.array('utm_term'), [
      'z',
    ]);
  });
});

describe('parseUtm options', () => {
  it('lower-cases values when asked, so BAIDU and baidu are one source', () => {
    const urls = ['/?utm_source=BAIDU', '/?utm_source=baidu'];
    assert.deepEqual(parseUtm(urls).table.array('utm_source'), ['BAIDU', 'baidu']);
    assert.deepEqual(parseUtm(urls, { lowercase: true }).table.array('utm_source'), ['baidu', 'baidu']);
  });
});
