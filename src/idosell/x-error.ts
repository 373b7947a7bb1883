/**
 * IdoSell's `X-Error` header carries a Polish sentence. HTTP headers travel as bytes that Node
 * reads as Latin-1, so the UTF-8 bytes of "Brak uprawnień" arrive as "Brak uprawnieÅ\u0084"
 * (mojibake). Some shops' messages come in ISO-8859-2 instead, read as Latin-1 ("uprawnieñ").
 * This restores the text a person should read.
 */

// eslint-disable-next-line no-control-regex -- a header may carry any Latin-1 character
const LATIN1_ONLY = /^[\u0000-\u00ff]*$/;
const HIGH = /[\u0080-\u00ff]/;

/** UTF-8 bytes read as Latin-1: turn them back, repeatedly (double encodings), while it decodes cleanly. */
function undoUtf8AsLatin1(text: string): string {
  let current = text;
  for (let i = 0; i < 3; i++) {
    if (!LATIN1_ONLY.test(current) || !HIGH.test(current)) return current;
    const bytes = Buffer.from(current, 'latin1');
    const decoded = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
    if (decoded.includes('\ufffd')) return current;
    if (decoded === current) return current;
    current = decoded;
  }
  return current;
}

/** ISO-8859-2 code points that differ from Latin-1, for the Polish letters. */
const ISO_8859_2_POLISH: Record<string, string> = {
  '\u00b1': 'ą', '\u00e6': 'ć', '\u00ea': 'ę', '\u00b3': 'ł', '\u00f1': 'ń', '\u00f3': 'ó', '\u00b6': 'ś', '\u00bc': 'ź', '\u00bf': 'ż',
  '\u00a1': 'Ą', '\u00c6': 'Ć', '\u00ca': 'Ę', '\u00a3': 'Ł', '\u00d1': 'Ń', '\u00d3': 'Ó', '\u00a6': 'Ś', '\u00ac': 'Ź', '\u00af': 'Ż',
};

function looksLikeIso88592(text: string): boolean {
  // Only when every high character is one of the Polish letters' ISO-8859-2 positions.
  const highs = text.match(/[\u0080-\u00ff]/g);
  return !!highs && highs.every((c) => c in ISO_8859_2_POLISH);
}

export function decodeXError(value: string | string[] | undefined | null): string | undefined {
  const raw = Array.isArray(value) ? value.join(', ') : value;
  if (raw === undefined || raw === null) return undefined;
  let text = raw.trim();
  if (text === '') return undefined;
  if (/%[0-9a-f]{2}/i.test(text) && !/\s/.test(text)) {
    try {
      text = decodeURIComponent(text);
    } catch {
      // not percent-encoded after all
    }
  }
  const fixed = undoUtf8AsLatin1(text);
  if (fixed !== text) return fixed;
  if (looksLikeIso88592(text)) return text.replace(/[\u0080-\u00ff]/g, (c) => ISO_8859_2_POLISH[c] ?? c);
  return text;
}
