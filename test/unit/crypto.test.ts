import crypto from 'node:crypto';
import { SecretBox, safeEqual } from '../../src/common/crypto.js';

// Shop keys are sealed with AES-256-GCM.
describe('SecretBox', () => {
  const box = new SecretBox(crypto.randomBytes(32));
  const sealed = box.seal('klucz-sklepu');

  test('hides the key', () => {
    expect(sealed).not.toContain('klucz');
  });

  test('opens what it sealed', () => {
    expect(box.open(sealed)).toBe('klucz-sklepu');
  });

  test('seals the same key differently each time (random IV)', () => {
    expect(box.seal('klucz-sklepu')).not.toBe(sealed);
  });

  test('detects tampering and names SECRET_KEY', () => {
    const parts = sealed.split(':');
    parts[3] = Buffer.from('zzzzzz').toString('base64');
    expect(() => box.open(parts.join(':'))).toThrow(/SECRET_KEY/);
  });

  test('cannot open with another secret key', () => {
    expect(() => new SecretBox(crypto.randomBytes(32)).open(sealed)).toThrow(/cannot be decrypted/);
  });
});

test('safeEqual matches equal strings', () => {
  expect(safeEqual('a', 'a')).toBe(true);
});
