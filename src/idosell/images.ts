/** Pictures: base64 uploads to products by IdoSell id (PUT /products/images). */
import { runBatches, toWeightedBatches } from './batching.js';
import { OPS } from './operations.js';
import { itemFaults, list, obj, pairAnswers, type ItemResult } from './results.js';
import type { Transport } from './transport.js';
import type { Fault, ProductsImagesParams, ProductsImagesResponse } from './types.js';

export interface ImagesUpdate {
  productId: number;
  imagesBase64: string[];
}

/** Pictures per images call are also bounded by size: base64 characters per call. */
export const MAX_IMAGE_CHARS_PER_CALL = 8 * 1024 * 1024;

type ImagesAnswer = NonNullable<ProductsImagesResponse['results']>[number];

/** true: about this product; false: about another; undefined: the answer names no product. */
function matchesImages(a: ImagesAnswer, p: ImagesUpdate): boolean | undefined {
  const id = obj(a.productIdent).identValue;
  return id === undefined ? undefined : id === String(p.productId);
}

/** Uploads pictures (base64) to products by IdoSell id, replacing pictures 1..n. */
export async function putImages(t: Transport, items: ImagesUpdate[]): Promise<ItemResult<void>[]> {
  const batches = toWeightedBatches(items, (i) => i.imagesBase64.reduce((n, s) => n + s.length, 0), MAX_IMAGE_CHARS_PER_CALL);
  return runBatches(items, batches, async (batch) => {
    const body: { params: ProductsImagesParams } = {
      params: {
        productsImagesSettings: { productsImagesSourceType: 'base64' },
        productsImages: batch.map((p) => ({
          productIdent: { identValue: String(p.productId), productIdentType: 'id' },
          productImages: p.imagesBase64.map((source, n) => ({ productImageSource: source, productImageNumber: n + 1 })),
        })),
      },
    };
    const answer = await t.send<ProductsImagesResponse>(OPS.productsImages, { body });
    return pairAnswers(batch, list(answer.body.results), obj(answer.body.errors) as Fault, {
      shopName: t.shopName,
      match: matchesImages,
      // A picture's own fault fails its product.
      faults: (a) => [...itemFaults(a), ...list(a.productImages).flatMap((img) => itemFaults(img))],
      accept: () => ({ ok: true, value: undefined }),
      unanswered: (p) => `Shop "${t.shopName}" did not report on the pictures of product ${p.productId}; send them again to be sure.`,
      // IdoSell answers only about the products it has something to say about.
      silenceIsSuccess: true,
    });
  }, t);
}
