/**
 * What an imported order becomes in ISOF, worked out without the database: its lines and totals,
 * a new customer's card, the order's notes, and the texts the import screen and the run show.
 * The decisions are in order-import.service.ts's file comment.
 */
import { fromGrosze, money, multiply, netFromGross, sum, toGrosze } from '../common/money.js';
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

const clip = (s: string | null | undefined, n: number): string | null => (s === null || s === undefined || s === '' ? null : s.slice(0, n));

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

export function newCustomer(o: IdosellOrder): Partial<IsofCustomer> {
  const b = o.billingAddress;
  const d = o.deliveryAddress;
  const deliveryName = d.company ?? ([d.firstName, d.lastName].filter(Boolean).join(' ') || null);
  return {
    name: customerName(o).slice(0, 255),
    email: clip(o.clientEmail, 255),
    taxId: clip(o.clientTaxId, 20),
    phone: clip(o.clientPhone, 40),
    street: clip(b.street, 255),
    postalCode: clip(b.zipCode, 12),
    city: clip(b.city, 100),
    country: clip(b.countryId?.length === 2 ? b.countryId.toUpperCase() : null, 2),
    deliveryName: clip(deliveryName, 255),
    deliveryStreet: clip(d.street, 255),
    deliveryPostalCode: clip(d.zipCode, 12),
    deliveryCity: clip(d.city, 100),
    deliveryCountry: clip(d.countryId?.length === 2 ? d.countryId.toUpperCase() : null, 2),
  };
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
}

/** Lines (known products, foreign lines, the delivery line) and totals; money in grosze arithmetic. */
export function buildOrder(a: Analysed): BuiltOrder {
  // `analyse` looked the products up; the unknown ones are exactly a.unknownCodes.
  const unknown = new Set(a.unknownCodes);
  const lines: BuiltLine[] = a.order.lines.map((l) => {
    const code = lineCode(l);
    const product = unknown.has(code) ? null : a.products.get(code) ?? null;
    const vatRate = l.vatRate ?? product?.vatRate ?? 23;
    const gross = money(l.unitPriceGross);
    return {
      productId: product ? product.id : null,
      code: (product ? product.code : code).slice(0, 50),
      name: (l.name || product?.name || code).slice(0, 255),
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
  return { lines, totalGross: money(a.order.totalGross), totalNet };
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
    currency: a.order.currency ?? 'PLN',
    incomplete: a.unknownCodes.length > 0,
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
