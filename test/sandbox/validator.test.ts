import { operationExists, validateRequest, validateResponse } from '../../src/idosell/openapi/validator.js';

function validProductPut(): { params: Record<string, unknown> } {
  return {
    params: {
      settings: { settingModificationType: 'all', settingAddingSizeAllowed: 'y' },
      products: [
        {
          productDisplayedCode: 'TOW-00001',
          productSizeCodeExternal: 'TOW-00001',
          productVat: 23,
          productVatFree: 'n',
          productRetailPrice: 123.45,
          productNames: { productNamesLangData: [{ langId: 'pol', productName: 'Śrubokręt płaski' }] },
          productParamDescriptions: { productParamDescriptionsLangData: [{ langId: 'pol', productParamDescriptions: 'Krótki opis' }] },
          productSizes: [
            {
              sizeId: 'uniw',
              productSizeCodeExternal: 'TOW-00001',
              productStocksData: { productStocksQuantities: [{ stockId: 1, productSizeQuantity: 12.5 }] },
            },
          ],
        },
      ],
    },
  };
}

describe('IdoSell schema validator', () => {
  it('accepts a valid product PUT', () => {
    expect(validateRequest('PUT', '/products/products', { body: validProductPut() })).toEqual([]);
  });

  it('names an unknown field at any depth and suggests the close spelling', () => {
    const body = validProductPut();
    const product = (body.params.products as Record<string, unknown>[])[0]!;
    const size = (product.productSizes as Record<string, unknown>[])[0]!;
    size.productStocksData = { productStockQuantities: [{ stockId: 1, productSizeQuantity: 1 }] }; // POST spelling, wrong in PUT
    const violations = validateRequest('PUT', '/products/products', { body });
    expect(violations).toHaveLength(1);
    expect(violations[0]!.path).toBe('params.products[0].productSizes[0].productStocksData.productStockQuantities');
    expect(violations[0]!.message).toContain('Did you mean "productStocksQuantities"?');
  });

  it('names an unknown top-level field', () => {
    const violations = validateRequest('PUT', '/products/products', { body: { ...validProductPut(), param: {} } });
    expect(violations.map((v) => v.path)).toEqual(['param']);
  });

  it('names a field of the wrong type', () => {
    const body = validProductPut();
    (body.params.products as Record<string, unknown>[])[0]!.productVat = '23';
    const violations = validateRequest('PUT', '/products/products', { body });
    expect(violations).toEqual([{ path: 'params.products[0].productVat', message: expect.stringContaining('must be a number') }]);
  });

  it('rejects a fractional value where the schema says integer', () => {
    const body = validProductPut();
    const size = ((body.params.products as Record<string, unknown>[])[0]!.productSizes as Record<string, unknown>[])[0]!;
    size.productStocksData = { productStocksQuantities: [{ stockId: 1.5, productSizeQuantity: 1 }] };
    const violations = validateRequest('PUT', '/products/products', { body });
    expect(violations.map((v) => v.path)).toEqual(['params.products[0].productSizes[0].productStocksData.productStocksQuantities[0].stockId']);
  });

  it('names an enum value outside the list', () => {
    const body = validProductPut();
    (body.params.settings as Record<string, unknown>).settingModificationType = 'upsert';
    const violations = validateRequest('PUT', '/products/products', { body });
    expect(violations).toHaveLength(1);
    expect(violations[0]!.path).toBe('params.settings.settingModificationType');
    expect(violations[0]!.message).toContain('"all", "edit", "add"');
  });

  it('knows that the POST spells stock and short description differently from the PUT', () => {
    const post = {
      params: {
        products: [
          {
            productDisplayedCode: 'TOW-00002',
            productVat: 8,
            productDescriptions: { productDescriptionsLangData: [{ langId: 'pol', productDescription: 'Opis' }] },
            productSizes: [{ sizeId: 'uniw', productStocksData: { productStockQuantities: [{ stockId: 1, productSizeQuantity: 3 }] } }],
          },
        ],
      },
    };
    expect(validateRequest('POST', '/products/products', { body: post })).toEqual([]);
    const putStyle = JSON.parse(JSON.stringify(post).replace('productDescriptions"', 'productParamDescriptions"')) as unknown;
    expect(validateRequest('POST', '/products/products', { body: putStyle }).map((v) => v.path)).toEqual(['params.products[0].productParamDescriptions']);
  });

  it('validates query parameters by name and type, arrays comma-separated', () => {
    expect(validateRequest('GET', '/products/products', { query: { productIds: '1,2,3' } })).toEqual([]);
    expect(validateRequest('GET', '/payments/forms', { query: { activeOnly: 'yes' } })).toEqual([]);
    expect(validateRequest('GET', '/payments/forms', { query: { activeOnly: 'true' } }).map((v) => v.path)).toEqual(['query.activeOnly']);
    expect(validateRequest('GET', '/products/products', { query: { productId: '1' } }).map((v) => v.path)).toEqual(['query.productId']);
  });

  it('rejects a body on a GET and a missing body on a PUT', () => {
    expect(validateRequest('GET', '/system/serverLoad', { body: { params: {} } })).toHaveLength(1);
    expect(validateRequest('PUT', '/orders/orders', {})).toHaveLength(1);
  });

  it('reports an operation IdoSell does not have', () => {
    expect(operationExists('PUT', '/products/products')).toBe(true);
    expect(operationExists('get', '/orders/orders/search')).toBe(false);
    expect(validateRequest('DELETE', '/products/nothing', {})[0]!.message).toContain('has no operation DELETE /products/nothing');
  });

  it('checks responses: declared types, enums and unknown properties, with [] for an empty object', () => {
    expect(validateResponse('GET', '/system/serverLoad', 200, { serverLoadStatus: 'normal' })).toEqual([]);
    expect(validateResponse('GET', '/system/serverLoad', 200, { serverLoadStatus: 'busy' }).map((v) => v.path)).toEqual(['serverLoadStatus']);
    expect(validateResponse('GET', '/system/serverLoad', 200, { serverLoadStatus: 'normal', load: 1 }).map((v) => v.path)).toEqual(['load']);
    expect(validateResponse('GET', '/payments/forms', 200, { result: [] })).toEqual([]);
    expect(validateResponse('GET', '/payments/forms', 200, { result: { payment_forms: [{ id: '1', name: 'BLIK' }] } }).map((v) => v.path)).toEqual([
      'result.payment_forms[0].id',
    ]);
    expect(validateResponse('GET', '/payments/forms', 401, { anything: true })).toEqual([]);
  });
});
