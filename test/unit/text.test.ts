/** The one free-text rule and the capped echo of input in error messages (common/text.ts). */
import { validate } from 'class-validator';
import { capQuoted, checkText, cleanText, CUT_MARK, fitText, FreeText, quote } from '../../src/common/text.js';
import { BadInputError } from '../../src/common/errors.js';
import { containsPattern } from '../../src/products/catalog.service.js';

const NAME = { max: 100 };

describe('free text', () => {
  test('trims first, then checks; the trimmed value is what comes back', () => {
    expect(cleanText('  Mój sklep \t', 'name', NAME)).toBe('Mój sklep');
    expect(cleanText('Zażółć gęślą jaźń 😀', 'name', NAME)).toBe('Zażółć gęślą jaźń 😀');
    // Direction marks inside ordinary text are fine; only text made of nothing visible is not.
    expect(cleanText('שלום\u200Fshop', 'name', NAME)).toBe('שלום\u200Fshop');
  });

  test.each([
    ['whitespace only', '   \t  ', 'name must contain a visible character.'],
    ['empty', '', 'name must contain a visible character.'],
    ['zero-width space only', '\u200B\u200B', 'name must contain a visible character.'],
    ['direction marks and BOM only', ' \u200E\u200F\uFEFF ', 'name must contain a visible character.'],
    ['word joiner and soft hyphen only', '\u2060\u00AD', 'name must contain a visible character.'],
    ['Hangul filler only', '\u3164', 'name must contain a visible character.'],
    ['a NUL byte', 'Sklep\u0000', 'name contains a control character (U+0000); remove it.'],
    ['a newline inside', 'Sklep\nB', 'name contains a control character (U+000A); remove it.'],
    ['a tab inside', 'Sklep\tB', 'name contains a control character (U+0009); remove it.'],
    ['DEL', 'Sklep\u007f', 'name contains a control character (U+007F); remove it.'],
    ['a C1 control', 'Sklep\u0085B', 'name contains a control character (U+0085); remove it.'],
    ['a lone high surrogate', 'Sklep \uD83D', 'name contains a broken character (a lone UTF-16 surrogate, U+D83D); send it as valid Unicode text.'],
    ['a lone low surrogate', '\uDE00 Sklep', 'name contains a broken character (a lone UTF-16 surrogate, U+DE00); send it as valid Unicode text.'],
    ['a right-to-left override', 'Sklep \u202Egnp.exe', 'name contains a text-direction control character (U+202E), which makes the text display differently from what it is; remove it.'],
    ['a bidi isolate', 'Sklep \u2066x\u2069', 'name contains a text-direction control character (U+2066), which makes the text display differently from what it is; remove it.'],
    ['101 characters', 'x'.repeat(101), 'name must be at most 100 characters (it has 101).'],
  ])('%s is refused, naming the field', (_label, value, message) => {
    expect(checkText(value, 'name', NAME)).toEqual({ ok: false, problem: message });
    expect(() => cleanText(value, 'name', NAME)).toThrow(BadInputError);
    try {
      cleanText(value, 'name', NAME);
    } catch (err) {
      expect((err as BadInputError).details).toEqual({ field: 'name' });
    }
  });

  test('lengths are counted after trimming; min and a description of the field', () => {
    expect(cleanText(`  ${'x'.repeat(100)}  `, 'name', NAME)).toHaveLength(100);
    const key = { min: 8, max: 500, what: 'the IdoSell API key as the shop panel shows it' };
    expect(checkText('   abc   ', 'apiKey', key)).toEqual({ ok: false, problem: 'apiKey must be the IdoSell API key as the shop panel shows it (8 to 500 characters).' });
    expect(checkText('        ', 'apiKey', key)).toEqual({ ok: false, problem: 'apiKey must contain a visible character.' });
    expect(checkText(' abcdefgh ', 'apiKey', key)).toEqual({ ok: true, value: 'abcdefgh' });
  });

  test('min 0 allows empty text (an empty search box) but not invisible text', () => {
    const search = { min: 0, max: 100 };
    expect(checkText('   ', 'search', search)).toEqual({ ok: true, value: '' });
    expect(checkText('\u200B', 'search', search)).toEqual({ ok: false, problem: 'search must contain a visible character.' });
  });

  test('the decorator checks the rule and hands the trimmed value on (also for lists)', async () => {
    class Input {
      @FreeText({ max: 10 }) name!: string;
      @FreeText({ max: 5, each: true }) codes!: string[];
    }
    const good = Object.assign(new Input(), { name: '  abc  ', codes: [' A_1 ', 'B'] });
    expect(await validate(good)).toEqual([]);
    expect(good).toEqual({ name: 'abc', codes: ['A_1', 'B'] });

    const bad = Object.assign(new Input(), { name: '\u200B', codes: ['ok', 'x\u0000'] });
    const errors = await validate(bad);
    expect(errors.map((e) => [e.property, Object.values(e.constraints ?? {})])).toEqual([
      ['name', ['name must contain a visible character.']],
      ['codes', ['codes[1] contains a control character (U+0000); remove it.']],
    ]);
    // A refused value is left as it was.
    expect(bad.name).toBe('\u200B');
  });
});

describe('echoing input in errors', () => {
  test('quote keeps short values whole and caps long ones, saying the length', () => {
    expect(quote('abc')).toBe('"abc"');
    expect(quote('a\u0000b')).toBe('"a\\u0000b"');
    const long = quote('1'.repeat(10000));
    expect(long).toBe(`"${'1'.repeat(40)}…" (10000 characters)`);
    // A surrogate pair is not cut in half.
    expect(quote(`${'x'.repeat(39)}😀${'y'.repeat(10)}`)).toBe(`"${'x'.repeat(39)}…" (51 characters)`);
  });

  test('capQuoted shortens long quoted values in messages the server did not write', () => {
    const msg = `Variable "$id" got invalid value "${'z'.repeat(10000)}"; ID cannot represent value.`;
    expect(capQuoted(msg)).toBe(`Variable "$id" got invalid value "${'z'.repeat(40)}…" (10000 characters); ID cannot represent value.`);
    expect(capQuoted('Field "name" is short "ok".')).toBe('Field "name" is short "ok".');
  });
});

describe('LIKE patterns', () => {
  test('wildcards, the escape character and [ are escaped for ESCAPE \'\\\'', () => {
    expect(containsPattern('abc')).toBe('%abc%');
    expect(containsPattern('_')).toBe('%\\_%');
    expect(containsPattern('50%')).toBe('%50\\%%');
    expect(containsPattern('a[b]\\c')).toBe('%a\\[b]\\\\c%');
  });
});

describe('fitText (a value from outside made to fit an nvarchar(n) column)', () => {
  test('a value that fits is unchanged; a longer one is cut to max units ending in the marker', () => {
    expect(fitText('abc', 3)).toEqual({ value: 'abc', cut: false });
    expect(fitText('abcd', 3)).toEqual({ value: `ab${CUT_MARK}`, cut: true });
    expect(fitText('x'.repeat(300), 255).value).toHaveLength(255);
  });

  test('counts UTF-16 units as nvarchar does, and never ends on half a surrogate pair', () => {
    // 100 emoji are 200 units: they fit 200, not 199.
    expect(fitText('😀'.repeat(100), 200)).toEqual({ value: '😀'.repeat(100), cut: false });
    const cut = fitText('😀'.repeat(100), 199);
    expect(cut).toEqual({ value: `${'😀'.repeat(99)}${CUT_MARK}`, cut: true });
    // Cutting at an even unit would split the 100th emoji: it is left out whole, one unit short.
    const odd = fitText(`a${'😀'.repeat(100)}`, 100);
    expect(odd.value).toBe(`a${'😀'.repeat(49)}${CUT_MARK}`);
    expect(odd.value.length).toBe(100);
    const split = fitText('😀'.repeat(100), 100);
    expect(split.value).toBe(`${'😀'.repeat(49)}${CUT_MARK}`);
    expect(split.value.length).toBe(99);
    expect(/[\ud800-\udbff](?![\udc00-\udfff])/.test(split.value)).toBe(false);
  });

  test('for nullable columns, null, undefined and empty text are null', () => {
    expect(fitText(null, 10, true)).toEqual({ value: null, cut: false });
    expect(fitText(undefined, 10, true)).toEqual({ value: null, cut: false });
    expect(fitText('', 10, true)).toEqual({ value: null, cut: false });
    expect(fitText('', 10)).toEqual({ value: '', cut: false });
  });
});

test('the input rule counts UTF-16 units too: 50 emoji fit a 100 rule, 51 are 102 and refused', () => {
  expect(cleanText('😀'.repeat(50), 'name', NAME)).toHaveLength(100);
  expect(() => cleanText('😀'.repeat(51), 'name', NAME)).toThrow('name must be at most 100 characters (it has 102).');
});
