/** The sandbox's shop-settings operations: payment forms, shop data, server load. */
import type { OperationAnswer, OperationContext } from './handlers.js';

export function paymentForms(ctx: OperationContext, query: Record<string, string>): OperationAnswer {
  const activeOnly = query.activeOnly === 'yes';
  const forms = ctx.state.paymentForms.filter((f) => !activeOnly || f.active).map((f) => ({ id: f.id, name: f.name }));
  return { status: 200, body: { result: { payment_forms: forms } } };
}

export function shopsData(ctx: OperationContext): OperationAnswer {
  const shop = ctx.state.shop;
  return {
    status: 200,
    body: {
      client_id: 1,
      dedicated_server: false,
      languages: [{ lang_id: shop.languageId, lang_name: 'polski' }],
      panel_lang_id_default: shop.languageId,
      panel_basecurrency_id: shop.currencyId,
      panel_settings: {
        default_lang_id: shop.languageId,
        basecurrency_id: shop.currencyId,
        stock_state_config: 'bridge',
        main_stock_system: 'other',
        search_by_code: { code_iai: true, code_extern: true, code_producer: true },
      },
      stocks: shop.stocks.map((s) => ({ stock_id: s.stockId, stock_name: s.name })),
      shops: [{ shop_id: shop.shopId, shop_name: shop.shopName, shop_lang_id_default: shop.languageId, currency_id: shop.currencyId }],
      vat_rates: shop.vatRates.map((value, i) => ({ id: i + 1, value })),
    },
  };
}

export function serverLoad(ctx: OperationContext): OperationAnswer {
  return { status: 200, body: { serverLoadStatus: ctx.state.serverLoad } };
}
