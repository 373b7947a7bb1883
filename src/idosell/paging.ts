/**
 * IdoSell paging: `resultsPage` counts from 0, `resultsLimit` is 1..100 items per page, and the
 * answer's `resultsNumberPage` is the number of PAGES (not a page size).
 */
export const MAX_RESULTS_LIMIT = 100;
/** A guard against a shop that keeps saying "one more page". */
export const MAX_PAGES = 10_000;

export interface PageAnswer<T> {
  items: T[];
  /** resultsNumberPage as the shop reported it (absent or 0 when nothing was found). */
  numberOfPages: number | undefined;
}

/** The page numbers still to read after page 0, given the shop's resultsNumberPage. */
export function remainingPages(numberOfPages: number | undefined): number[] {
  const n = Number.isFinite(numberOfPages) ? Math.min(Math.floor(numberOfPages as number), MAX_PAGES) : 1;
  const pages: number[] = [];
  for (let p = 1; p < n; p++) pages.push(p);
  return pages;
}

/**
 * Reads every page: page 0 first, which tells how many pages there are, then the rest in order.
 * Stops early on an empty page (the list shrank while we read). `key` drops an item seen on an
 * earlier page (the list can shift while it is read).
 */
export async function readAllPages<T>(
  fetchPage: (page: number) => Promise<PageAnswer<T>>,
  key?: (item: T) => string | number,
): Promise<T[]> {
  const first = await fetchPage(0);
  const out: T[] = [];
  const seen = new Set<string | number>();
  const add = (items: T[]) => {
    for (const item of items) {
      if (key) {
        const k = key(item);
        if (seen.has(k)) continue;
        seen.add(k);
      }
      out.push(item);
    }
  };
  add(first.items);
  if (first.items.length === 0) return out;
  for (const page of remainingPages(first.numberOfPages)) {
    const answer = await fetchPage(page);
    if (answer.items.length === 0) break;
    add(answer.items);
  }
  return out;
}
