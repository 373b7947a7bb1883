import { BadInputError } from './errors.js';
import { quote } from './text.js';

/** GraphQL IDs are strings on the wire and positive integers in the database. */
export function parseId(value: string | number, field = 'id'): number {
  const text = String(value).trim();
  if (!/^\d{1,10}$/.test(text) || Number(text) < 1 || Number(text) > 2147483647) {
    throw new BadInputError(`${field} ${quote(String(value))} is not an id this server gives out; ids are positive whole numbers such as "1".`, field);
  }
  return Number(text);
}

export function parseOptionalId(value: string | number | null | undefined, field: string): number | null {
  return value === null || value === undefined ? null : parseId(value, field);
}
