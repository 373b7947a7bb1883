import { normaliseOrder } from '../../src/idosell/orders.js';
import { toProductPut, type ProductUpsert } from '../../src/idosell/products.js';
import { failureOf, itemFaults, list, obj, plainFault } from '../../src/idosell/results.js';
import { validateRequest } from '../../src/idosell/openapi/validator.js';

const product: ProductUpsert = {
  code: 'TOW-00001',
  name: 'Młotek ślusarski 500 g',
  description: 'Krótki opis',
  languageId: 'pol',
  vatRate: 23,
  prices: { retailGross: '49.99', wholesaleGross: '40.00', minimalGross: '35.5', posGross: '49.99', suggestedGross: '55.00', strikethroughRetailGross: '59.99' },
  stock: { stockId: 1, quantity: 12 },
  pictureBase64: 'aGVsbG8=',
};

describe('product mapping', () => {
  it('builds a PUT item with the schema names for codes, names, prices, VAT, stock and picture', () => {
    const item = toProductPut(product);
    expect(item).toMatchObject({
      productDisplayedCode: 'TOW-00001',
      productVat: 23,
      productVatFree: 'n',
      productRetailPrice: 49.99,
      productWholesalePrice: 40,
      productMinimalPrice: 35.5,
      productSuggestedPrice: 55,
      productStrikethroughRetailPrice: 59.99,
      productNames: { productNamesLangData: [{ langId: 'pol', productName: 'Młotek ślusarski 500 g' }] },
      productParamDescriptions: { productParamDescriptionsLangData: [{ langId: 'pol', productParamDescriptions: 'Krótki opis' }] },
      productPictures: [{ productPictureSource: 'aGVsbG8=' }],
      productSizes: [{ productSizeCodeExternal: 'TOW-00001', productStocksData: { productStocksQuantities: [{ stockId: 1, productSizeQuantity: 12 }] } }],
    });
    expect(item.productId).toBeUndefined();
    expect(toProductPut(product, 77).productId).toBe(77);
  });

  it('passes the strict schema check of PUT /products/products', () => {
    const body = { params: { settings: { settingModificationType: 'add' }, picturesSettings: { picturesSettingInputType: 'base64', picturesSettingOverwrite: 'y' }, products: [toProductPut(product), toProductPut({ ...product, pictureBase64: null, stock: null, description: null }, 5)] } };
    expect(validateRequest('PUT', '/products/products', { body })).toEqual([]);
  });
});

describe('order normalisation', () => {
  // One order as the search answers it: a billing address, a delivery address sent as [], two lines.
  const order = normaliseOrder({
    orderId: 'abc-12',
    orderSerialNumber: 12,
    clientResult: {
      clientAccount: { clientId: 5, clientEmail: 'jan@example.pl' },
      clientBillingAddress: { clientFirstName: 'Jan', clientLastName: 'Kowalski', clientNip: '5260250274', clientCity: 'Łódź', clientZipCode: '90-001', clientStreet: 'Piotrkowska 1' },
      clientDeliveryAddress: [],
    },
    orderDetails: {
      orderStatus: 'new',
      orderAddDate: '2024-07-15 12:00:00',
      payments: { orderPaymentType: 'prepaid', orderCurrency: { currencyId: 'PLN', orderProductsCost: 110.5, orderDeliveryCost: 12.99 } },
      prepaids: [{ payformId: 3, payformName: 'Przelew' }],
      productsResults: [
        { productId: 1, productCode: 'TOW-1', productSizeCodeExternal: 'TOW-00001', productName: 'Młotek', productQuantity: 2, productOrderPrice: 49.99, productVat: 23 },
        { productId: 2, productCode: 'OBCY-9', productSizeCodeExternal: '', productName: 'Obcy', productQuantity: 1, productOrderPrice: 10.52, productVat: 8 },
      ],
    },
  })!;

  it('reads the serial number and the placing time (Warsaw time)', () => {
    expect([order.orderSerialNumber, order.placedAt!.toISOString()]).toEqual([12, '2024-07-15T10:00:00.000Z']);
  });

  it('reads the client: name and tax id', () => {
    expect([order.clientName, order.clientTaxId]).toEqual(['Jan Kowalski', '5260250274']);
  });

  it('reads the billing address, and a delivery address sent as [] as empty', () => {
    expect([order.billingAddress.city, order.deliveryAddress.city]).toEqual(['Łódź', null]);
  });

  it('reads the lines: code (size external code, else product code), quantity, gross price, VAT', () => {
    expect(order.lines.map((l) => [l.code, l.quantity, l.unitPriceGross, l.vatRate])).toEqual([
      ['TOW-00001', 2, '49.99', 23],
      ['OBCY-9', 1, '10.52', 8],
    ]);
  });

  it('reads the totals and the payment: gross total, payment form, payment type', () => {
    expect([order.totalGross, order.paymentFormName, order.paymentType]).toEqual(['123.49', 'Przelew', 'prepaid']);
  });

  it('has no payment form when nothing was prepaid', () => {
    const empty = normaliseOrder({ orderSerialNumber: 3, orderDetails: { prepaids: [], productsResults: [] }, clientResult: [] })!;
    expect(empty.paymentFormName).toBeNull();
    expect(empty.totalGross).toBe('0.00');
    expect(normaliseOrder({ orderId: 'x' })).toBeNull();
  });
});

describe('reading answers', () => {
  it('finds per-item faults in each spelling and ignores faultCode 0', () => {
    expect(itemFaults({ faults: [{ faultCode: '5', faultString: 'Zły kod' }] })).toHaveLength(1);
    expect(itemFaults({ faultCode: 3, faultString: 'x' })).toHaveLength(1);
    expect(itemFaults({ faultCode: 0, faultString: 'OK' })).toHaveLength(0);
    expect(itemFaults({ productResultDetails: [{ fault: { faultCode: '7', faultString: 'y' } }] })).toHaveLength(1);
    expect(failureOf([{ faultCode: '5', faultString: 'Zły kod' }], 'Sklep')).toEqual({ ok: false, code: 'IDOSELL_FAULT_5', message: 'Shop "Sklep": The shop refused this item; its words are in the item\'s detail (shopMessage).', shopMessage: 'Zły kod' });
  });

  it('turns the shop\'s words into what an operator can do, and keeps unknown ones generic (issue 12, point 6)', () => {
    // The sandbox's words, modelled on IdoSell's answers.
    const cases: [string, RegExp][] = [
      ['A product with this code already exists (productId 12); send it with settingModificationType "edit" or "all" to change it.', /already exists in the shop: run linkShopProducts, or export again: the export links it\./],
      ['No product size has the code "TOW-00001" in this shop; export the product first.', /does not have this product .*force: true/],
      ['No product matches TOW-00001; use settingModificationType "all" or "add" to create it.', /does not have this product/],
      ['The shop has no warehouse with stockId 9; its stocks are 1, 2.', /no warehouse with the shop's idosellStockId: .*updateShop/],
      ['The picture is not valid base64 data (send the file bytes base64-encoded, without line breaks).', /refused the product's picture/],
      ['The shop has no order 123.', /has no order with this number/],
      ['Order 12 is locked in the shop and cannot change status from "a" to "b".', /locked in the shop.*syncStatuses/],
      ['"x" is not an order status of IdoSell v6; use one of new, finished.', /setStatusMapping/],
      ['Zły kod', /^The shop refused this item; its words are in the item's detail \(shopMessage\)\.$/],
    ];
    for (const [words, plain] of cases) {
      expect(plainFault(words)).toMatch(plain);
      expect(plainFault(words)).not.toMatch(/settingModificationType|productSizeCodeExternal|stockId \d/);
    }
    expect(plainFault(undefined)).toMatch(/its words are in the item's detail/);
    // No text at all: the fault code is what the detail keeps.
    expect(failureOf([{ faultCode: 9 }], 'Sklep')).toMatchObject({ code: 'IDOSELL_FAULT_9', shopMessage: 'fault code 9' });
  });

  it('reads [] as an empty object or list', () => {
    expect(obj([])).toEqual({});
    expect(list([])).toEqual([]);
    expect(list(undefined)).toEqual([]);
  });
});
