import crypto from 'node:crypto';
import { decodeCursor, encodeCursor, checkFirst } from '../../src/common/pagination.js';
import { fromGrosze, grossFromNet, money, netFromGross, sum, toGrosze } from '../../src/common/money.js';
import { SecretBox, safeEqual } from '../../src/common/crypto.js';
import { authenticate, hasRole, isLoopback } from '../../src/common/auth.js';
import { BadInputError } from '../../src/common/errors.js';

test('cursors round-trip and refuse garbage', () => {
  expect(decodeCursor(encodeCursor(42))).toBe(42);
  expect(decodeCursor(null)).toBeNull();
  expect(() => decodeCursor('garbage')).toThrow(BadInputError);
  expect(() => checkFirst(0, 500)).toThrow(/between 1 and 500/);
  expect(checkFirst(undefined, 500)).toBe(50);
});

test('money is exact decimal arithmetic', () => {
  expect(toGrosze('12.30')).toBe(1230);
  expect(toGrosze('0.105')).toBe(11);
  // Numbers (what SQLite gives for decimal columns): two decimals exactly, more rounded half up like text.
  expect(toGrosze(48.49)).toBe(4849);
  expect(toGrosze(-2.5)).toBe(-250);
  expect(Object.is(toGrosze(-0), 0)).toBe(true);
  expect(toGrosze(1.005)).toBe(101);
  expect(toGrosze(0.105)).toBe(11);
  expect(fromGrosze(-5)).toBe('-0.05');
  expect(money(0.1 + 0.2)).toBe('0.30');
  expect(sum(['0.10', '0.20', '0.30'])).toBe('0.60');
  expect(grossFromNet('100.00', 23)).toBe('123.00');
  expect(netFromGross('123.00', 23)).toBe('100.00');
  expect(netFromGross('10.00', 8)).toBe('9.26');
});

test('shop keys are sealed with AES-256-GCM and tampering is detected', () => {
  const box = new SecretBox(crypto.randomBytes(32));
  const sealed = box.seal('klucz-sklepu');
  expect(sealed).not.toContain('klucz');
  expect(box.open(sealed)).toBe('klucz-sklepu');
  expect(box.seal('klucz-sklepu')).not.toBe(sealed);
  const parts = sealed.split(':');
  parts[3] = Buffer.from('zzzzzz').toString('base64');
  expect(() => box.open(parts.join(':'))).toThrow(/SECRET_KEY/);
  expect(() => new SecretBox(crypto.randomBytes(32)).open(sealed)).toThrow(/cannot be decrypted/);
});

test('API keys: constant-time match, roles rank', () => {
  const keys = [{ name: 'a', role: 'viewer' as const, secret: 's1-0123456789abcdef' }, { name: 'b', role: 'admin' as const, secret: 's2-0123456789abcdef' }];
  expect(authenticate(keys, 'Bearer s2-0123456789abcdef')).toEqual({ name: 'b', role: 'admin' });
  expect(authenticate(keys, 'Bearer nope')).toBeNull();
  expect(authenticate(keys, 's1-0123456789abcdef')).toBeNull();
  expect(safeEqual('a', 'a')).toBe(true);
  expect(hasRole({ name: 'x', role: 'operator' }, 'viewer')).toBe(true);
  expect(hasRole({ name: 'x', role: 'operator' }, 'admin')).toBe(false);
  expect(isLoopback('::ffff:127.0.0.1')).toBe(true);
  expect(isLoopback('10.0.0.5')).toBe(false);
});
