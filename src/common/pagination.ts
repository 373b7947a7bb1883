/** Opaque cursors for keyset pagination over integer ids. */
import type { SelectQueryBuilder } from 'typeorm';
import { BadInputError } from './errors.js';

const PREFIX = 'c1:';

export function encodeCursor(id: number): string {
  return Buffer.from(`${PREFIX}${id}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | null | undefined): number | null {
  if (cursor === null || cursor === undefined || cursor === '') return null;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text.startsWith(PREFIX)) throw new BadInputError('The cursor in "after" is not one this server gave out; pass an endCursor from a previous page.', 'after');
  const id = Number(text.slice(PREFIX.length));
  if (!Number.isSafeInteger(id) || id < 0) throw new BadInputError('The cursor in "after" is damaged; pass an endCursor from a previous page.', 'after');
  return id;
}

export function checkFirst(first: number | null | undefined, max: number, def = 50): number {
  const n = first ?? def;
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw new BadInputError(`"first" must be between 1 and ${max}; ask for more pages with "after" instead.`, 'first');
  }
  return n;
}

export interface Page<T> {
  nodes: T[];
  hasNextPage: boolean;
  totalCount: number;
}

export function toConnection<T extends { id: number }>(page: Page<T>) {
  const edges = page.nodes.map((node) => ({ node, cursor: encodeCursor(node.id) }));
  return {
    edges,
    pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.length ? edges[edges.length - 1]!.cursor : null },
    totalCount: page.totalCount,
  };
}

/**
 * One page by keyset over `<alias>.id`: the total of the filter, then `first + 1` rows after the
 * cursor (the extra row says whether there is a next page). `base` builds the filtered query.
 */
export async function keysetPage<T extends { id: number }>(
  base: () => SelectQueryBuilder<T>, alias: string, first: number, afterId: number | null, order: 'ASC' | 'DESC',
): Promise<Page<T>> {
  const totalCount = await base().getCount();
  const qb = base().orderBy(`${alias}.id`, order).limit(first + 1);
  if (afterId !== null) qb.andWhere(`${alias}.id ${order === 'ASC' ? '>' : '<'} :afterId`, { afterId });
  const rows = await qb.getMany();
  return { nodes: rows.slice(0, first), hasNextPage: rows.length > first, totalCount };
}
