import { fromGrosze, grossFromNet, money, netFromGross, sum, toGrosze } from '../../src/common/money.js';

describe('money from decimal text', () => {
  test('reads two decimals exactly', () => {
    expect(toGrosze('12.30')).toBe(1230);
  });

  test('rounds a third decimal half up', () => {
    expect(toGrosze('0.105')).toBe(11);
  });
});

// Numbers are what SQLite gives for decimal columns: two decimals exactly, more rounded half up like text.
describe('money from numbers', () => {
  test('reads two decimals exactly', () => {
    expect(toGrosze(48.49)).toBe(4849);
  });

  test('reads a negative amount', () => {
    expect(toGrosze(-2.5)).toBe(-250);
  });

  test('reads -0 as 0', () => {
    expect(Object.is(toGrosze(-0), 0)).toBe(true);
  });

  test('rounds 1.005 half up, although the double is just below it', () => {
    expect(toGrosze(1.005)).toBe(101);
  });

  test('rounds 0.105 half up like its text', () => {
    expect(toGrosze(0.105)).toBe(11);
  });
});

describe('money as text', () => {
  test('writes a negative amount of grosze', () => {
    expect(fromGrosze(-5)).toBe('-0.05');
  });

  test('writes a float sum without its binary error', () => {
    expect(money(0.1 + 0.2)).toBe('0.30');
  });
});

describe('sums and VAT', () => {
  test('sums decimal texts exactly', () => {
    expect(sum(['0.10', '0.20', '0.30'])).toBe('0.60');
  });

  test('adds VAT to a net amount', () => {
    expect(grossFromNet('100.00', 23)).toBe('123.00');
  });

  test('takes VAT off a gross amount', () => {
    expect(netFromGross('123.00', 23)).toBe('100.00');
  });

  test('rounds the net amount to grosze', () => {
    expect(netFromGross('10.00', 8)).toBe('9.26');
  });
});
