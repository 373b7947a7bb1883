/**
 * What an imported order becomes in ISOF, worked out without the database: its lines and totals,
 * a new customer's card, the order's notes, and the texts the import screen and the run show.
 * The decisions are in order-import.service.ts's file comment.
 */
import { fromGrosze, money, multiply, netFromGross, sum, toGrosze } from '../common/money.js';
import { fitText } from '../common/text.js';
import type { IdosellOrder, IdosellOrderLine } from '../idosell/index.js';
import type { IsofCustomer, IsofOrderStatus, IsofPaymentMethod, IsofProduct } from '../isof/entities.js';
import type { ShopConnectionInfo } from '../shops/shop.service.js';
import type { OrderImportEntity } from './order-import.entity.js';
import type { ShopOrder } from './shop-order.types.js';

export const DELIVERY_LINE_CODE = 'DOSTAWA';
export const DELIVERY_LINE_NAME = 'Dostawa';

export type PaymentResolution = { ok: true; method: IsofPaymentMethod } | { ok: false; message: string };

/** One shop order with what ISOF knows about it (order-import.service.ts's look-ups). */
export interface Analysed {
  order: IdosellOrder;
  imported: OrderImportEntity | null;
  unknownCodes: string[];
  payment: PaymentResolution;
  status: IsofOrderStatus;
  lastFailure: string | null;
  /** The ISOF products of the batch, by code (shared by the batch's orders). */
  products: Map<string, IsofProduct>;
}

/** The digits of a tax id (NIP), or null when it has none: what customer matching compares. */
export const digits = (s: string | null): string | null => {
  const d = (s ?? '').replace(/\D/g, '');
  return d === '' ? null : d;
};

/** A line's code as ISOF will know it: the shop's code, else its product id, else its name. */
export const lineCode = (l: IdosellOrderLine): string => l.code ?? (l.productId !== null ? `#${l.productId}` : `(${l.name || 'bez kodu'})`);

export function unknownMessage(codes: string[]): string {
  return `ISOF does not know the product code${codes.length > 1 ? 's' : ''} ${codes.join(', ')}; add ${codes.length > 1 ? 'them' : 'it'} to ISOF, or import with includeIncomplete: true to keep ${codes.length > 1 ? 'them' : 'it'} as foreign lines.`;
}

export function customerName(o: IdosellOrder): string {
  return o.clientName ?? o.clientEmail ?? o.clientLogin ?? (o.clientId !== null ? `Klient IdoSell ${o.clientId}` : 'Klient IdoSell');
}

/**
 * The lengths of the ISOF columns an import fills from the shop's data, in UTF-16 units as nvarchar
 * counts them (the column-bounds test checks them against src/isof/entities.ts). A longer value is
 * cut with fitText and the run's item says what was cut: on SQL Server it would fail the statement.
 */
export const ISOF_MAX = {
  customerName: 255, email: 255, taxId: 20, phone: 40, street: 255, postalCode: 12, city: 100, country: 2,
  lineCode: 50, lineName: 255, currency: 3,
} as const;

/** Fits a shop's value to an ISOF column, noting what was cut (e.g. "customer name cut to 255 characters"). */
function fit(value: string | null | undefined, max: number, what: string, cuts: string[]): string | null {
  const f = fitText(value, max, true);
  if (f.cut) cuts.push(`${what} cut to ${max} characters`);
  return f.value;
}

/** The sentence an item's message ends with when some of the shop's data was cut, else nothing. */
export function cutNote(cuts: string[]): string {
  return cuts.length ? ` Cut to fit ISOF's columns: ${cuts.join(', ')}.` : '';
}

/** For an item's detail: `{ cut: [...] }` when something was cut. */
export const cutList = (cuts: string[]): { cut?: string[] } => (cuts.length ? { cut: cuts } : {});

/** A two-letter country code, or nothing: a longer id is not cut into a wrong country. */
const countryOf = (id: string | null | undefined): string | null => (id?.length === 2 ? id.toUpperCase() : null);

/** A new customer's card from the shop's data, each value fitted to its column; `cuts` says what was cut. */
export function newCustomer(o: IdosellOrder): { values: Partial<IsofCustomer>; cuts: string[] } {
  const b = o.billingAddress;
  const d = o.deliveryAddress;
  const deliveryName = d.company ?? ([d.firstName, d.lastName].filter(Boolean).join(' ') || null);
  const cuts: string[] = [];
  const values: Partial<IsofCustomer> = {
    name: fit(customerName(o), ISOF_MAX.customerName, 'customer name', cuts)!,
    email: fit(o.clientEmail, ISOF_MAX.email, 'customer e-mail', cuts),
    // Digits only, as the look-up compares it (an equality an index on NIP can serve).
    taxId: fit(digits(o.clientTaxId), ISOF_MAX.taxId, 'customer NIP', cuts),
    phone: fit(o.clientPhone, ISOF_MAX.phone, 'customer phone', cuts),
    street: fit(b.street, ISOF_MAX.street, 'customer street', cuts),
    postalCode: fit(b.zipCode, ISOF_MAX.postalCode, 'customer postal code', cuts),
    city: fit(b.city, ISOF_MAX.city, 'customer city', cuts),
    country: countryOf(b.countryId),
    deliveryName: fit(deliveryName, ISOF_MAX.customerName, 'delivery name', cuts),
    deliveryStreet: fit(d.street, ISOF_MAX.street, 'delivery street', cuts),
    deliveryPostalCode: fit(d.zipCode, ISOF_MAX.postalCode, 'delivery postal code', cuts),
    deliveryCity: fit(d.city, ISOF_MAX.city, 'delivery city', cuts),
    deliveryCountry: countryOf(d.countryId),
  };
  return { values, cuts };
}

export function notesOf(shop: ShopConnectionInfo, o: IdosellOrder): string {
  const parts = [`Zamówienie ${o.orderSerialNumber} ze sklepu "${shop.name}" (IdoSell ${o.orderId}).`];
  if (o.paymentFormName) parts.push(`Płatność: ${o.paymentFormName}.`);
  if (o.note) parts.push(`Uwagi klienta: ${o.note}`);
  return parts.join(' ');
}

export interface BuiltLine {
  productId: number | null;
  code: string;
  name: string;
  quantity: number;
  unitPriceNet: string;
  unitPriceGross: string;
  vatRate: number;
  foreign: boolean;
}

export interface BuiltOrder {
  lines: BuiltLine[];
  totalGross: string;
  totalNet: string;
  currency: string;
  /** What of the shop's data was cut to fit ISOF's columns, e.g. "line 2 name cut to 255 characters". */
  cuts: string[];
}

/** Lines (known products, foreign lines, the delivery line) and totals; money in grosze arithmetic. */
export function buildOrder(a: Analysed): BuiltOrder {
  // `analyse` looked the products up; the unknown ones are exactly a.unknownCodes.
  const unknown = new Set(a.unknownCodes);
  const cuts: string[] = [];
  const lines: BuiltLine[] = a.order.lines.map((l, i) => {
    const code = lineCode(l);
    const product = unknown.has(code) ? null : a.products.get(code) ?? null;
    const vatRate = l.vatRate ?? product?.vatRate ?? 23;
    const gross = money(l.unitPriceGross);
    return {
      productId: product ? product.id : null,
      code: fit(product ? product.code : code, ISOF_MAX.lineCode, `line ${i + 1} code`, cuts)!,
      name: fit(l.name || product?.name || code, ISOF_MAX.lineName, `line ${i + 1} name`, cuts)!,
      quantity: l.quantity,
      unitPriceGross: gross,
      unitPriceNet: l.unitPriceNet !== null ? money(l.unitPriceNet) : netFromGross(gross, vatRate),
      vatRate,
      foreign: product === null,
    };
  });
  const linesGross = sum(lines.map((l) => multiply(l.unitPriceGross, l.quantity)));
  const extra = toGrosze(a.order.totalGross) - toGrosze(linesGross);
  if (extra !== 0) {
    const vatRate = lines.reduce((max, l) => Math.max(max, l.vatRate), 0) || 23;
    const gross = fromGrosze(extra);
    lines.push({
      productId: null, code: DELIVERY_LINE_CODE, name: DELIVERY_LINE_NAME, quantity: 1,
      unitPriceGross: gross, unitPriceNet: netFromGross(gross, vatRate), vatRate, foreign: false,
    });
  }
  const totalNet = sum(lines.map((l) => multiply(l.unitPriceNet, l.quantity)));
  const currency = fit(a.order.currency ?? 'PLN', ISOF_MAX.currency, 'currency', cuts)!;
  return { lines, totalGross: money(a.order.totalGross), totalNet, currency, cuts };
}

/** What a run's item tells about an imported (or, dry, would-be) order. */
export function importDetail(number: string, a: Analysed, built: BuiltOrder, customer: Record<string, unknown>) {
  return {
    number,
    customer,
    paymentMethod: a.payment.ok ? a.payment.method.name : null,
    status: a.status.name,
    totalGross: built.totalGross,
    totalNet: built.totalNet,
    currency: built.currency,
    incomplete: a.unknownCodes.length > 0,
    ...cutList(built.cuts),
    lines: built.lines.map((l) => ({ code: l.code, name: l.name, quantity: l.quantity, unitPriceGross: l.unitPriceGross, vatRate: l.vatRate, foreign: l.foreign })),
  };
}

/** A row of the import screen; `problem` says why the order would not import (or why it last failed). */
export function toShopOrder(a: Analysed, includeIncomplete: boolean): ShopOrder {
  let problem: string | null = null;
  if (!a.imported) {
    if (!a.payment.ok) problem = a.payment.message;
    else if (a.unknownCodes.length && !includeIncomplete) problem = unknownMessage(a.unknownCodes);
    else if (a.lastFailure) problem = `The last import failed: ${a.lastFailure}`;
  }
  return {
    orderSerialNumber: a.order.orderSerialNumber,
    orderId: a.order.orderId,
    placedAt: a.order.placedAt ?? new Date(0),
    status: a.order.status,
    customerName: customerName(a.order),
    totalGross: a.order.totalGross,
    currency: a.order.currency ?? 'PLN',
    paymentFormName: a.order.paymentFormName,
    imported: a.imported !== null,
    isofOrderId: a.imported?.isofOrderId ?? null,
    incomplete: a.unknownCodes.length > 0,
    unknownProductCodes: a.unknownCodes,
    problem,
    lineCount: a.order.lines.length,
  };
}
