/**
 * The one rule for free text a caller sends (names, keys, statuses, searches, codes), and the one
 * way an error message repeats what a caller sent.
 *
 * Free text is trimmed first, then checked: no control characters (C0, DEL, C1: a single-line field
 * has no use for tab or newline either), no lone UTF-16 surrogates (they would be stored as U+FFFD),
 * no bidirectional embedding/override/isolate controls (they make text display differently from
 * what it is), at least one visible character (not only spaces, zero-width or direction marks), and
 * a length counted after trimming. Input types use the `@FreeText` decorator, which also writes the
 * trimmed value back, so the service receives (and stores) what was checked; services call
 * `cleanText` for values that do not come through an input type.
 */
import { registerDecorator, type ValidationArguments } from 'class-validator';
import { BadInputError } from './errors.js';

export interface TextRule {
  /** Longest allowed, in UTF-16 code units (what nvarchar counts), after trimming. */
  max: number;
  /** Shortest allowed after trimming (default 1). With 0, empty text is allowed; other text still needs a visible character. */
  min?: number;
  /** What the field must be, for the length message, e.g. "the IdoSell API key as the shop panel shows it". */
  what?: string;
}

/** A code point as U+XXXX. */
export function codePointName(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** Embeddings and overrides (U+202A-U+202E) and isolates (U+2066-U+2069). */
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/;
/** A character that shows something: not white space, not a format or default-ignorable character, not a control. */
const VISIBLE = /[^\p{White_Space}\p{Default_Ignorable_Code_Point}\p{Cc}\p{Cf}\p{Cs}]/u;

/**
 * Checks one free-text value. Returns the trimmed value, or the sentence saying what is wrong
 * (naming the field), for callers that collect problems.
 */
export function checkText(value: unknown, field: string, rule: TextRule): { ok: true; value: string } | { ok: false; problem: string } {
  if (typeof value !== 'string') return { ok: false, problem: `${field} must be text.` };
  const text = value.trim();
  const control = CONTROL.exec(text);
  if (control) {
    return { ok: false, problem: `${field} contains a control character (${codePointName(control[0].charCodeAt(0))}); remove it.` };
  }
  const lone = LONE_SURROGATE.exec(text);
  if (lone) {
    return { ok: false, problem: `${field} contains a broken character (a lone UTF-16 surrogate, ${codePointName(lone[0].charCodeAt(0))}); send it as valid Unicode text.` };
  }
  const bidi = BIDI_CONTROL.exec(text);
  if (bidi) {
    return {
      ok: false,
      problem: `${field} contains a text-direction control character (${codePointName(bidi[0].charCodeAt(0))}), which makes the text display differently from what it is; remove it.`,
    };
  }
  const min = rule.min ?? 1;
  // Empty is allowed only where min is 0 (e.g. an empty search box); anything else must show something.
  if ((text !== '' || min > 0) && !VISIBLE.test(text)) return { ok: false, problem: `${field} must contain a visible character.` };
  if (text.length < min || text.length > rule.max) {
    if (rule.what) return { ok: false, problem: `${field} must be ${rule.what} (${min} to ${rule.max} characters).` };
    if (text.length > rule.max) return { ok: false, problem: `${field} must be at most ${rule.max} characters (it has ${text.length}).` };
    return { ok: false, problem: `${field} must be at least ${min} characters.` };
  }
  return { ok: true, value: text };
}

/** The trimmed value, or BAD_USER_INPUT naming the field. */
export function cleanText(value: string, field: string, rule: TextRule): string {
  const r = checkText(value, field, rule);
  if (!r.ok) throw new BadInputError(r.problem, field);
  return r.value;
}

/** Optional free text: null and undefined pass through; anything else must follow the rule. */
export function cleanOptionalText(value: string | null | undefined, field: string, rule: TextRule): string | undefined {
  return value === null || value === undefined ? undefined : cleanText(value, field, rule);
}

/** `cleanText` for each item of a list, naming the item (`codes[3]`). */
export function cleanTextList(values: readonly string[], field: string, rule: TextRule): string[] {
  return values.map((v, i) => cleanText(v, `${field}[${i}]`, rule));
}

function problemOf(value: unknown, args: ValidationArguments, rule: TextRule & { each?: boolean }): string | null {
  if (rule.each) {
    if (!Array.isArray(value)) return `${args.property} must be a list of text.`;
    for (const [i, item] of value.entries()) {
      const r = checkText(item, `${args.property}[${i}]`, rule);
      if (!r.ok) return r.problem;
    }
    return null;
  }
  const r = checkText(value, args.property, rule);
  return r.ok ? null : r.problem;
}

/**
 * Class-validator decorator for a free-text input field (or, with `each`, a list of them): checks
 * the rule above and replaces the value by its trimmed form, so the resolver passes on what was
 * checked. Null/undefined are left to `@IsOptional` (type-graphql validates with
 * skipMissingProperties).
 */
export function FreeText(rule: TextRule & { each?: boolean }): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'freeText',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate(value: unknown, args: ValidationArguments): boolean {
          if (problemOf(value, args, rule) !== null) return false;
          const object = args.object as Record<string, unknown>;
          object[args.property] = Array.isArray(value) ? value.map((v: string) => v.trim()) : (value as string).trim();
          return true;
        },
        defaultMessage(args: ValidationArguments): string {
          return problemOf(args.value, args, rule) ?? `${args.property} is not valid text.`;
        },
      },
    });
  };
}

/** How much of a caller's value an error message repeats. */
export const ECHO_MAX_CHARS = 40;

/**
 * A caller's value, quoted for an error message: at most ECHO_MAX_CHARS characters, control and
 * broken characters escaped, and the full length said when it was cut, e.g.
 * `"11111111…" (10000 characters)`.
 */
export function quote(value: unknown, max = ECHO_MAX_CHARS): string {
  const text = typeof value === 'string' ? value : String(value);
  if (text.length <= max) return JSON.stringify(text);
  let head = text.slice(0, max);
  // Do not cut a surrogate pair in half.
  if (/[\ud800-\udbff]$/.test(head)) head = head.slice(0, -1);
  return `${JSON.stringify(`${head}…`)} (${text.length} characters)`;
}

/**
 * Shortens every long double-quoted stretch of a message that repeats a caller's value (graphql-js
 * writes values so: `ID cannot represent value: "..."`), as `quote` would. Used on messages the
 * server did not write itself.
 */
export function capQuoted(message: string, max = ECHO_MAX_CHARS): string {
  // A quoted stretch: " then characters that are not " (or escaped ones) then ".
  return message.replace(/"((?:[^"\\]|\\.)*)"/g, (whole, inner: string) => {
    if (inner.length <= max + 2) return whole;
    let head = inner.slice(0, max);
    if (/[\ud800-\udbff]$/.test(head)) head = head.slice(0, -1);
    if (/\\$/.test(head)) head = head.slice(0, -1);
    return `"${head}…" (${inner.length} characters)`;
  });
}

/** What marks a value cut to fit its column: one UTF-16 unit, so the cut value is exactly `max` long. */
export const CUT_MARK = '…';

export interface Fitted<V extends string | null> {
  value: V;
  /** True when the value was longer than the column and was cut (it then ends with CUT_MARK). */
  cut: boolean;
}

/**
 * A value from outside (a shop's data, a database's message) made to fit a column of `max` UTF-16
 * units, which is what nvarchar(n) counts (an emoji is 2): unchanged when it fits, else its first
 * `max - 1` units and CUT_MARK, never ending on half a surrogate pair (the cut value is then one
 * unit shorter). Empty text and null/undefined become null when `emptyAsNull` (nullable columns).
 */
export function fitText(value: string, max: number): Fitted<string>;
export function fitText(value: string | null | undefined, max: number, emptyAsNull: true): Fitted<string | null>;
export function fitText(value: string | null | undefined, max: number, emptyAsNull = false): Fitted<string | null> {
  if (value === null || value === undefined || (emptyAsNull && value === '')) return { value: null, cut: false };
  if (value.length <= max) return { value, cut: false };
  if (max < 1) throw new RangeError(`fitText: a column of ${max} units cannot hold a cut value.`);
  let head = value.slice(0, max - 1);
  if (/[\ud800-\udbff]$/.test(head)) head = head.slice(0, -1);
  return { value: `${head}${CUT_MARK}`, cut: true };
}
