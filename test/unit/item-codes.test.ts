/**
 * The README's "Item error codes" table and the one list (common/item-codes.ts) say the same:
 * the schema's errorCode description sends readers to that table, so a code added to the list
 * without a row, or a row left behind by a removed code, fails here.
 */
import { readFileSync } from 'node:fs';
import { ITEM_ERROR_CODES } from '../../src/common/item-codes.js';

/** The codes in the first column of the README's "Item error codes" table. */
function readmeCodes(): string[] {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const start = readme.indexOf('\n## Item error codes\n');
  expect(start).toBeGreaterThanOrEqual(0);
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/^\| `([A-Z0-9_<>n]+)` \|/gm)].map((m) => m[1]!);
}

/** The shop's own fault codes, IDOSELL_FAULT_<n>, are one row for the whole family. */
const FAULT_FAMILY = 'IDOSELL_FAULT_<n>';

describe('item error codes', () => {
  test.each(Object.keys(ITEM_ERROR_CODES))('%s has a row in the README table', (code) => {
    expect(readmeCodes()).toContain(code);
  });

  test('the README table has a row for the shop fault codes IDOSELL_FAULT_<n>', () => {
    expect(readmeCodes()).toContain(FAULT_FAMILY);
  });

  test('every code the README table lists is in the list', () => {
    const known = new Set<string>([...Object.keys(ITEM_ERROR_CODES), FAULT_FAMILY]);
    expect(readmeCodes().filter((code) => !known.has(code))).toEqual([]);
  });
});
