import { MSSQL_MAX_INSERT_ROWS, MSSQL_MAX_PARAMS, chunk, idsPerStatement, rowsPerInsert } from '../../src/common/chunk.js';

describe('SQL Server statement limits', () => {
  test('for 1..40 columns every INSERT chunk has <= 1000 rows and < 2100 parameters', () => {
    const items = Array.from({ length: 5003 }, (_, i) => i);
    for (let columns = 1; columns <= 40; columns++) {
      const size = rowsPerInsert(columns);
      const chunks = chunk(items, size);
      for (const c of chunks) {
        expect(c.length).toBeLessThanOrEqual(MSSQL_MAX_INSERT_ROWS);
        expect(c.length * columns).toBeLessThan(MSSQL_MAX_PARAMS);
        expect(c.length).toBeGreaterThan(0);
      }
      // Nothing lost, nothing repeated, order kept.
      expect(chunks.flat()).toEqual(items);
      expect(chunks).toHaveLength(Math.ceil(items.length / size));
    }
  });

  test('rowsPerInsert uses the room it has', () => {
    expect(rowsPerInsert(1)).toBe(1000);
    expect(rowsPerInsert(2)).toBe(1000);
    expect(rowsPerInsert(3)).toBe(666);
    expect(rowsPerInsert(14)).toBe(142);
    expect(rowsPerInsert(40)).toBe(50);
    expect(rowsPerInsert(5000)).toBe(1);
  });

  test('bad sizes are refused', () => {
    expect(() => rowsPerInsert(0)).toThrow(RangeError);
    expect(() => rowsPerInsert(1.5)).toThrow(RangeError);
    expect(() => chunk([1, 2], 0)).toThrow(RangeError);
    expect(chunk([], 10)).toEqual([]);
  });

  test('an IN list leaves room for the statement\'s other parameters', () => {
    expect(idsPerStatement() + 0).toBeLessThan(MSSQL_MAX_PARAMS);
    expect(idsPerStatement(50) + 50).toBeLessThan(MSSQL_MAX_PARAMS);
  });
});
