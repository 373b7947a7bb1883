import { BadInputError } from '../../src/common/errors.js';
import { checkFirst, decodeCursor, encodeCursor } from '../../src/common/pagination.js';

describe('cursors', () => {
  test('round-trip', () => {
    expect(decodeCursor(encodeCursor(42))).toBe(42);
  });

  test('no cursor is the start', () => {
    expect(decodeCursor(null)).toBeNull();
  });

  test('garbage is bad input', () => {
    expect(() => decodeCursor('garbage')).toThrow(BadInputError);
  });
});

describe('page size', () => {
  test('refuses a size out of range and says the range', () => {
    expect(() => checkFirst(0, 500)).toThrow(/between 1 and 500/);
  });

  test('is 50 when not given', () => {
    expect(checkFirst(undefined, 500)).toBe(50);
  });
});
