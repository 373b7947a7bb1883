import { readAllPages, remainingPages, type PageAnswer } from '../../src/idosell/paging.js';

/** A shop-like list served in pages: resultsNumberPage is the number of pages, pages count from 0. */
function pager(total: number, limit: number, asked: number[]) {
  return async (page: number): Promise<PageAnswer<number>> => {
    asked.push(page);
    const all = Array.from({ length: total }, (_, i) => i + 1);
    return { items: all.slice(page * limit, page * limit + limit), numberOfPages: Math.ceil(total / limit) };
  };
}

describe('paging', () => {
  it('reads the pages after page 0 that resultsNumberPage announces', () => {
    expect(remainingPages(3)).toEqual([1, 2]);
    expect(remainingPages(1)).toEqual([]);
    expect(remainingPages(0)).toEqual([]);
    expect(remainingPages(undefined)).toEqual([]);
  });

  it('reads all 250 items over pages 0, 1, 2', async () => {
    const asked: number[] = [];
    const items = await readAllPages(pager(250, 100, asked));
    expect(asked).toEqual([0, 1, 2]);
    expect(items).toHaveLength(250);
    expect(items[249]).toBe(250);
  });

  it('reads one page when everything fits and none when page 0 is empty', async () => {
    const asked: number[] = [];
    expect(await readAllPages(pager(100, 100, asked))).toHaveLength(100);
    expect(asked).toEqual([0]);
    const none: number[] = [];
    expect(await readAllPages(pager(0, 100, none))).toEqual([]);
    expect(none).toEqual([0]);
  });

  it('drops an item that shows up again on a later page', async () => {
    const pages = [[1, 2], [2, 3]];
    const items = await readAllPages(async (p) => ({ items: pages[p]!, numberOfPages: 2 }), (n) => n);
    expect(items).toEqual([1, 2, 3]);
  });
});
