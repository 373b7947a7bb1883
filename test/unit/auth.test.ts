import { authenticate, hasRole, isLoopback } from '../../src/common/auth.js';

const keys = [
  { name: 'a', role: 'viewer' as const, secret: 's1-0123456789abcdef' },
  { name: 'b', role: 'admin' as const, secret: 's2-0123456789abcdef' },
];

describe('API keys', () => {
  test('a Bearer key that matches is its name and role', () => {
    expect(authenticate(keys, 'Bearer s2-0123456789abcdef')).toEqual({ name: 'b', role: 'admin' });
  });

  test('an unknown key is nobody', () => {
    expect(authenticate(keys, 'Bearer nope')).toBeNull();
  });

  test('a key without "Bearer" is nobody', () => {
    expect(authenticate(keys, 's1-0123456789abcdef')).toBeNull();
  });
});

describe('roles rank', () => {
  test('operator may do what a viewer may', () => {
    expect(hasRole({ name: 'x', role: 'operator' }, 'viewer')).toBe(true);
  });

  test('operator may not do what an admin may', () => {
    expect(hasRole({ name: 'x', role: 'operator' }, 'admin')).toBe(false);
  });
});

describe('loopback', () => {
  test('an IPv4-mapped 127.0.0.1 is loopback', () => {
    expect(isLoopback('::ffff:127.0.0.1')).toBe(true);
  });

  test('a private address is not', () => {
    expect(isLoopback('10.0.0.5')).toBe(false);
  });
});
