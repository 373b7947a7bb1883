/** Stock: absolute quantities of product sizes in IdoSell warehouses (PUT /products/stockQuantity). */
import { MAX_ITEMS_PER_CALL, runBatches, toBatches } from './batching.js';
import { OPS } from './operations.js';
import { list, obj, pairAnswers, type ItemResult } from './results.js';
import type { Transport } from './transport.js';
import type { Fault, StockQuantityParams, StockQuantityResponse } from './types.js';

export interface StockUpdate {
  /** The product size's external code (the ISOF code). */
  code: string;
  stockId: number;
  quantity: number;
}

type StockAnswer = NonNullable<StockQuantityResponse['results']>[number];

/** true: about this size in this warehouse; false: about another; undefined: the answer names no code. */
function matchesStock(a: StockAnswer, s: StockUpdate): boolean | undefined {
  if (a.productSizeCodeExternal !== undefined && a.productSizeCodeExternal !== s.code) return false;
  if (a.stockId !== undefined && Number(a.stockId) !== s.stockId) return false;
  return a.productSizeCodeExternal !== undefined ? true : undefined;
}

/** Sets absolute stock of product sizes (by external code) in IdoSell warehouses. */
export async function setStock(t: Transport, items: StockUpdate[]): Promise<ItemResult<void>[]> {
  return runBatches(items, toBatches(items, MAX_ITEMS_PER_CALL), async (batch) => {
    const body: { params: StockQuantityParams } = {
      params: { products: batch.map((s) => ({ productSizeCodeExternal: s.code, stockId: s.stockId, productSizeQuantity: s.quantity })) },
    };
    const answer = await t.send<StockQuantityResponse>(OPS.stockQuantity, { body });
    return pairAnswers(batch, list(answer.body.results), obj(answer.body.errors) as Fault, {
      shopName: t.shopName,
      match: matchesStock,
      accept: () => ({ ok: true, value: undefined }),
      unanswered: (s) => `Shop "${t.shopName}" did not report on the stock of ${s.code}; send it again to be sure.`,
      // IdoSell answers only about the items it has something to say about.
      silenceIsSuccess: true,
    });
  }, t);
}
