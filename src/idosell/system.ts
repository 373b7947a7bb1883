/** Shop settings read from IdoSell: payment forms, and the shop's warehouses, languages and currency. */
import { OPS } from './operations.js';
import { list, obj } from './results.js';
import type { Transport } from './transport.js';
import type { PaymentFormsResponse, ShopsDataResponse } from './types.js';

export interface PaymentForm {
  id: number;
  name: string;
}

export interface ShopsInfo {
  baseCurrency: string | null;
  defaultLanguageId: string | null;
  languages: { id: string; name: string }[];
  stocks: { id: number; name: string }[];
  shops: { id: number; name: string; defaultLanguageId: string | null; currencyId: string | null }[];
  vatRates: number[];
}

/** The payment forms defined in the shop (order import maps them to ISOF payment methods). */
export async function paymentForms(t: Transport): Promise<PaymentForm[]> {
  const answer = await t.send<PaymentFormsResponse>(OPS.paymentForms, {});
  return list(obj(answer.body.result).payment_forms)
    .filter((f) => Number.isInteger(Number(f?.id)) && typeof f?.name === 'string')
    .map((f) => ({ id: Number(f.id), name: f.name!.trim() }));
}

/**
 * The shop's warehouses, languages, base currency and VAT rates. No service calls it yet: it is
 * kept for testing a shop's connection (issue 12's testShopConnection shows exactly these).
 */
export async function shopsData(t: Transport): Promise<ShopsInfo> {
  const b = (await t.send<ShopsDataResponse>(OPS.shopsData, {})).body;
  return {
    baseCurrency: b.panel_basecurrency_id ?? null,
    defaultLanguageId: b.panel_lang_id_default ?? null,
    languages: list(b.languages).filter((l) => l?.lang_id).map((l) => ({ id: l.lang_id!, name: l.lang_name ?? l.lang_id! })),
    stocks: list(b.stocks).filter((s) => Number.isInteger(Number(s?.stock_id))).map((s) => ({ id: Number(s.stock_id), name: s.stock_name ?? `#${s.stock_id}` })),
    shops: list(b.shops)
      .filter((s) => Number.isInteger(Number(s?.shop_id)))
      .map((s) => ({ id: Number(s.shop_id), name: s.shop_name ?? `#${s.shop_id}`, defaultLanguageId: s.shop_lang_id_default ?? null, currencyId: s.currency_id ?? null })),
    vatRates: list(b.vat_rates).map((v) => Number(v?.value)).filter((v) => Number.isFinite(v)),
  };
}
