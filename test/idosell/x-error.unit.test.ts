import { decodeXError } from '../../src/idosell/x-error.js';

/** What Node hands us when a server sends UTF-8 bytes in a header: each byte read as Latin-1. */
const asLatin1 = (text: string) => Buffer.from(text, 'utf8').toString('latin1');

describe('X-Error decoding', () => {
  it('restores "Brak uprawnień" read as Latin-1', () => {
    const garbled = asLatin1('Brak uprawnień');
    expect(garbled).not.toBe('Brak uprawnień');
    expect(decodeXError(garbled)).toBe('Brak uprawnień');
  });

  it('restores every Polish letter, and a text encoded twice', () => {
    const text = 'Zażółć gęślą jaźń ŁÓDŹ';
    expect(decodeXError(asLatin1(text))).toBe(text);
    expect(decodeXError(asLatin1(asLatin1(text)))).toBe(text);
  });

  it('reads ISO-8859-2 bytes read as Latin-1', () => {
    expect(decodeXError(Buffer.from('Brak uprawnie\u00f1', 'latin1').toString('latin1'))).toBe('Brak uprawnień');
  });

  it('leaves clean text alone', () => {
    expect(decodeXError('Invalid API key')).toBe('Invalid API key');
    expect(decodeXError('Brak uprawnień')).toBe('Brak uprawnień');
    expect(decodeXError(undefined)).toBeUndefined();
    expect(decodeXError('  ')).toBeUndefined();
  });
});
