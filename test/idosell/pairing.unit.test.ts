import { pairAnswers, type PairRules } from '../../src/idosell/results.js';

/** Items sent by code; an answer names the code it is about, or nothing. */
interface Sent {
  code: string;
}
interface Answer {
  code?: string;
  faultCode?: number;
  faultString?: string;
}

const rules = (extra: Partial<PairRules<Sent, Answer, string>> = {}): PairRules<Sent, Answer, string> => ({
  shopName: 'Sklep',
  match: (a, s) => (a.code === undefined ? undefined : a.code === s.code),
  accept: (a, s) => ({ ok: true, value: `${s.code}:${a.code ?? '?'}` }),
  unanswered: (s) => `no word on ${s.code}`,
  ...extra,
});

const sent: Sent[] = [{ code: 'A' }, { code: 'B' }];

test('pairs by position when the counts agree and no answer names another item', () => {
  const results = pairAnswers(sent, [{}, { code: 'B' }], {}, rules());
  expect(results).toEqual([{ ok: true, value: 'A:?' }, { ok: true, value: 'B:B' }]);
});

test('pairs by the item an answer names when the answers come reordered', () => {
  const results = pairAnswers(sent, [{ code: 'B' }, { code: 'A', faultCode: 5, faultString: 'Zły kod' }], {}, rules());
  expect(results).toEqual([
    { ok: false, code: 'IDOSELL_FAULT_5', message: 'Shop "Sklep": The shop refused this item; its words are in the item\'s detail (shopMessage).', shopMessage: 'Zły kod' },
    { ok: true, value: 'B:B' },
  ]);
});

test('gives an item without an answer the fault of the whole call', () => {
  const results = pairAnswers(sent, [], { faultCode: 7, faultString: 'Błąd' }, rules());
  expect(results.map((r) => !r.ok && r.code)).toEqual(['IDOSELL_FAULT_7', 'IDOSELL_FAULT_7']);
});

test('reads an answer that lists nothing as success when silence is success', () => {
  const results = pairAnswers<Sent, Answer, void>(sent, [], {}, {
    shopName: 'Sklep',
    match: (a, s) => (a.code === undefined ? undefined : a.code === s.code),
    accept: () => ({ ok: true, value: undefined }),
    unanswered: (s) => `no word on ${s.code}`,
    silenceIsSuccess: true,
  });
  expect(results).toEqual([{ ok: true, value: undefined }, { ok: true, value: undefined }]);
});

test('marks an item the answer does not mention IDOSELL_NO_ITEM_ANSWER', () => {
  const results = pairAnswers(sent, [{ code: 'B' }], {}, rules());
  expect(results).toEqual([
    { ok: false, code: 'IDOSELL_NO_ITEM_ANSWER', message: 'no word on A' },
    { ok: true, value: 'B:B' },
  ]);
});
