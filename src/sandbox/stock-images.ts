/** The sandbox's stock and picture operations (PUT /products/stockQuantity, PUT /products/images). */
import { findProductByCode, findProductById, makeImage } from './products.js';
import { arr, num, obj, str, type Item, type OperationAnswer, type OperationContext, type Params } from './handlers.js';

export function putStock(ctx: OperationContext, params: Params): OperationAnswer {
  const validStocks = new Set(ctx.state.shop.stocks.map((s) => s.stockId));
  let anyFault = false;
  const results = arr(params.products).map((item, index) => {
    const result: Item = {};
    for (const key of ['productSizeCodeExternal', 'productSizeCodeProducer', 'productIndex'] as const) {
      const v = str(item[key]);
      if (v !== undefined) result[key] = v;
    }
    const stockId = num(item.stockId);
    if (stockId !== undefined) result.stockId = String(stockId);
    let fault = ctx.itemFault(index);
    if (!fault) {
      const code = str(item.productSizeCodeExternal) ?? str(item.productIndex) ?? str(item.productSizeCodeProducer);
      const hit = code !== undefined ? findProductByCode(ctx.state, code) : undefined;
      const quantity = num(item.productSizeQuantity);
      if (code === undefined) fault = { faultCode: 3, faultString: 'The item names no product: give productSizeCodeExternal or productIndex.' };
      else if (!hit || !hit.size) fault = { faultCode: 4, faultString: `No product size has the code "${code}" in this shop; export the product first.` };
      else if (stockId === undefined || !validStocks.has(stockId)) fault = { faultCode: 6, faultString: `The shop has no warehouse with stockId ${stockId ?? '(missing)'}; its stocks are ${[...validStocks].join(', ')}.` };
      else if (quantity === undefined) fault = { faultCode: 3, faultString: 'The item gives no productSizeQuantity (the absolute quantity to set).' };
      else {
        hit.size.stocks[String(stockId)] = quantity;
        hit.product.modifiedAt = ctx.now();
      }
    }
    if (fault) anyFault = true;
    result.faultCode = fault?.faultCode ?? 0;
    result.faultString = fault?.faultString ?? '';
    return result;
  });
  return { status: anyFault ? 207 : 200, body: { results } };
}

export function putImages(ctx: OperationContext, params: Params): OperationAnswer {
  const globalType = str(obj(params.productsImagesSettings).productsImagesSourceType);
  let anyFault = false;
  const results = arr(params.productsImages).map((item, index) => {
    const ident = obj(item.productIdent);
    const identValue = str(ident.identValue) ?? '';
    const identType = str(ident.productIdentType) ?? 'id';
    const sourceType = (str(obj(item.productImagesSettings).productImagesSourceType) ?? globalType ?? 'base64') === 'url' ? 'url' : 'base64';
    const result: Item = { productIdent: { identValue, productIdentType: identType } };
    let fault = ctx.itemFault(index);
    const images: Item[] = [];
    if (!fault) {
      const product =
        identType === 'id'
          ? findProductById(ctx.state, Number(identValue))
          : identType === 'codeExtern'
            ? ctx.state.products.find((p) => p.sizes.some((s) => s.productSizeCodeExternal === identValue))
            : identType === 'codeProducer'
              ? ctx.state.products.find((p) => p.sizes.some((s) => s.productSizeCodeProducer === identValue))
              : findProductByCode(ctx.state, identValue)?.product;
      if (!product) {
        fault = { faultCode: 4, faultString: `No product matches ${identType} "${identValue}"; export the product before its pictures.` };
      } else {
        const next = [...product.images];
        for (const [i, img] of arr(item.productImages).entries()) {
          const number = num(img.productImageNumber) ?? i + 1;
          const priority = num(img.productImagePriority) ?? number;
          if (img.deleteProductImage === true) {
            const at = next.findIndex((x) => x.number === number);
            if (at >= 0) next.splice(at, 1);
            images.push({ productImageNumber: number, deleteProductImage: true });
            continue;
          }
          const made = makeImage(sourceType, str(img.productImageSource) ?? '', number, priority);
          if (typeof made === 'string') {
            fault = { faultCode: 6, faultString: `productImages[${i}]: ${made}` };
            images.push({ productImageNumber: number, errors: { faultCode: 6, faultString: made } });
            break;
          }
          const at = next.findIndex((x) => x.number === number);
          if (at >= 0) next[at] = made;
          else next.push(made);
          images.push({ productImageNumber: number, productImagePriority: priority });
        }
        if (!fault) {
          product.images = next.sort((a, b) => a.number - b.number);
          product.modifiedAt = ctx.now();
        }
      }
    }
    if (fault) anyFault = true;
    result.productImages = images;
    result.isImagesErrors = fault !== undefined;
    result.isIconsErrors = false;
    result.productImagesSettings = { productImageSourceType: sourceType, productImagesApplyMacro: false };
    if (fault) result.errors = { faultCode: fault.faultCode, faultString: fault.faultString };
    return result;
  });
  return { status: anyFault ? 207 : 200, body: { results } };
}
