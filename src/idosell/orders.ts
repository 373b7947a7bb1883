/**
 * Orders: searching them (a period, or serial numbers; every page read), the answer normalised
 * into what the services need, and setting their statuses.
 */
import { money, multiply, sum } from '../common/money.js';
import { MAX_ITEMS_PER_CALL, runBatches, toBatches } from './batching.js';
import { OPS } from './operations.js';
import { MAX_RESULTS_LIMIT, readAllPages } from './paging.js';
import { itemFaults, list, obj, pairAnswers, type ItemResult } from './results.js';
import type { Transport } from './transport.js';
import type { Fault, OrderResult, OrdersDateType, OrdersPutParams, OrdersPutResponse, OrdersSearchParams, OrdersSearchResponse } from './types.js';
import { formatWarsaw, parseWarsaw } from './warsaw-time.js';

/** The order statuses of IdoSell's Admin API v6: the one list (mappings, the sandbox and the docs use it). */
export const IDOSELL_ORDER_STATUSES = [
  'new', 'finished', 'finished_ext', 'payment_waiting', 'delivery_waiting', 'on_order', 'packed',
  'packed_fulfillment', 'packed_ready', 'ready', 'wait_for_dispatch', 'suspended', 'joined', 'missing',
  'lost', 'false', 'canceled',
] as const;
export type IdosellOrderStatus = (typeof IDOSELL_ORDER_STATUSES)[number];

export interface IdosellAddress {
  firstName: string | null;
  lastName: string | null;
  company: string | null;
  street: string | null;
  zipCode: string | null;
  city: string | null;
  country: string | null;
  countryId: string | null;
  phone: string | null;
}

export interface IdosellOrderLine {
  productId: number | null;
  /** productSizeCodeExternal, else productCode: the code ISOF knows the product by. */
  code: string | null;
  name: string;
  quantity: number;
  /** Gross unit price in the order's currency, "12.30". */
  unitPriceGross: string;
  unitPriceNet: string | null;
  vatRate: number | null;
}

export interface IdosellOrder {
  orderSerialNumber: number;
  orderId: string;
  placedAt: Date | null;
  changedAt: Date | null;
  status: string;
  clientId: number | null;
  clientLogin: string | null;
  clientEmail: string | null;
  /** The company, else first and last name, from the billing address. */
  clientName: string | null;
  clientTaxId: string | null;
  clientPhone: string | null;
  billingAddress: IdosellAddress;
  deliveryAddress: IdosellAddress;
  currency: string | null;
  /** Products + delivery + payment and insurance fees, gross, "123.45". */
  totalGross: string;
  productsGross: string;
  deliveryGross: string;
  paymentFormId: number | null;
  paymentFormName: string | null;
  /** cash_on_delivery, prepaid or tradecredit. */
  paymentType: string | null;
  note: string | null;
  lines: IdosellOrderLine[];
}

const text = (v: unknown): string | null => {
  if (v === undefined || v === null) return null;
  const s = String(v).trim();
  return s === '' ? null : s;
};

const num = (v: unknown): number | null => {
  if (v === undefined || v === null || v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
};

const amount = (v: unknown): string => {
  const n = num(v);
  return n === null ? '0.00' : money(n);
};

/** Null when the order has no serial number (nothing to key it by). */
export function normaliseOrder(raw: OrderResult): IdosellOrder | null {
  const serial = num(raw.orderSerialNumber);
  if (serial === null) return null;
  const client = obj(raw.clientResult);
  const billing = obj(client.clientBillingAddress);
  const delivery = obj(client.clientDeliveryAddress);
  const account = obj(client.clientAccount);
  const details = obj(raw.orderDetails);
  const payments = obj(details.payments);
  const currency = obj(payments.orderCurrency);
  const base = obj(payments.orderBaseCurrency);
  const prepaids = list(details.prepaids);

  const lines: IdosellOrderLine[] = list(details.productsResults).map((p) => ({
    productId: num(p.productId),
    code: text(p.productSizeCodeExternal) ?? text(p.productCode),
    name: text(p.productName) ?? '',
    quantity: num(p.productQuantity) ?? 0,
    unitPriceGross: amount(p.productOrderPrice),
    unitPriceNet: num(p.productOrderPriceNet) === null ? null : amount(p.productOrderPriceNet),
    vatRate: num(p.productVat),
  }));

  const linesGross = sum(lines.map((l) => multiply(l.unitPriceGross, l.quantity)));
  const productsGross = currency.orderProductsCost === undefined ? linesGross : amount(currency.orderProductsCost);
  const deliveryGross = amount(currency.orderDeliveryCost);
  const totalGross = sum([productsGross, deliveryGross, amount(currency.orderPayformCost), amount(currency.orderInsuranceCost)]);

  const first = text(billing.clientFirstName);
  const last = text(billing.clientLastName);
  const person = [first, last].filter(Boolean).join(' ');
  return {
    orderSerialNumber: serial,
    orderId: text(raw.orderId) ?? String(serial),
    placedAt: parseWarsaw(details.orderAddDate),
    changedAt: parseWarsaw(details.orderChangeDate),
    status: text(details.orderStatus) ?? 'new',
    clientId: num(account.clientId),
    clientLogin: text(account.clientLogin),
    clientEmail: text(account.clientEmail),
    clientName: text(billing.clientFirm) ?? (person === '' ? null : person),
    clientTaxId: text(billing.clientNip),
    clientPhone: text(billing.clientPhone1) ?? text(account.clientPhone1),
    billingAddress: {
      firstName: first,
      lastName: last,
      company: text(billing.clientFirm),
      street: text(billing.clientStreet),
      zipCode: text(billing.clientZipCode),
      city: text(billing.clientCity),
      country: text(billing.clientCountryName),
      countryId: text(billing.clientCountryId),
      phone: text(billing.clientPhone1),
    },
    deliveryAddress: {
      firstName: text(delivery.clientDeliveryAddressFirstName),
      lastName: text(delivery.clientDeliveryAddressLastName),
      company: text(delivery.clientDeliveryAddressFirm),
      street: text(delivery.clientDeliveryAddressStreet),
      zipCode: text(delivery.clientDeliveryAddressZipCode),
      city: text(delivery.clientDeliveryAddressCity),
      country: text(delivery.clientDeliveryAddressCountry),
      countryId: text(delivery.clientDeliveryAddressCountryId),
      phone: text(delivery.clientDeliveryAddressPhone1),
    },
    currency: text(currency.currencyId) ?? text(base.billingCurrency),
    totalGross,
    productsGross,
    deliveryGross,
    paymentFormId: num(prepaids[0]?.payformId),
    paymentFormName: text(prepaids[0]?.payformName),
    paymentType: text(payments.orderPaymentType),
    note: text(details.clientNoteToOrder),
    lines,
  };
}

export type OrdersQuery =
  | { from: Date; to: Date; dateType?: OrdersDateType }
  | { serialNumbers: number[] };

/** Every order of a period (by date added, Warsaw time) or with the given serial numbers, all pages read. */
export async function searchOrders(t: Transport, query: OrdersQuery): Promise<IdosellOrder[]> {
  const raws: OrderResult[] = [];
  const readPages = (base: Omit<OrdersSearchParams, 'resultsPage' | 'resultsLimit'>) =>
    readAllPages<OrderResult>(
      (page) => t.searchPage<OrdersSearchResponse, OrderResult>(OPS.ordersSearch, { params: { ...base, resultsPage: page, resultsLimit: MAX_RESULTS_LIMIT } }, (b) => list(b.Results)),
      (o) => String(o.orderSerialNumber ?? o.orderId),
    );
  if ('serialNumbers' in query) {
    const serials = [...new Set(query.serialNumbers.filter((n) => Number.isInteger(n) && n > 0))];
    for (const batch of toBatches(serials)) raws.push(...(await readPages({ ordersSerialNumbers: batch.items })));
  } else {
    if (!(query.from instanceof Date) || !(query.to instanceof Date) || Number.isNaN(query.from.getTime()) || Number.isNaN(query.to.getTime())) {
      throw new RangeError('searchOrders needs valid "from" and "to" dates.');
    }
    raws.push(
      ...(await readPages({
        ordersRange: {
          ordersDateRange: { ordersDateType: query.dateType ?? 'add', ordersDateBegin: formatWarsaw(query.from), ordersDateEnd: formatWarsaw(query.to) },
        },
      })),
    );
  }
  const seen = new Set<number>();
  const orders: IdosellOrder[] = [];
  for (const raw of raws) {
    const o = normaliseOrder(raw);
    if (!o || seen.has(o.orderSerialNumber)) continue;
    seen.add(o.orderSerialNumber);
    orders.push(o);
  }
  return orders;
}

export interface StatusUpdate {
  orderSerialNumber: number;
  orderStatus: string;
}

type OrdersPutResults = Exclude<NonNullable<OrdersPutResponse['results']>, []>;
type StatusAnswer = NonNullable<OrdersPutResults['ordersResults']>[number];

/** true: about this order; false: about another; undefined: the answer names no serial number. */
function matchesOrder(a: StatusAnswer, s: StatusUpdate): boolean | undefined {
  return a.orderSerialNumber === undefined ? undefined : Number(a.orderSerialNumber) === s.orderSerialNumber;
}

/** Sets order statuses (v6 names: new, finished, canceled ...), per item in the caller's order. */
export async function setOrderStatuses(t: Transport, items: StatusUpdate[]): Promise<ItemResult<void>[]> {
  return runBatches(items, toBatches(items, MAX_ITEMS_PER_CALL), async (batch) => {
    const body: { params: OrdersPutParams } = { params: { orders: batch.map((s) => ({ orderSerialNumber: s.orderSerialNumber, orderStatus: s.orderStatus })) } };
    const answer = await t.send<OrdersPutResponse>(OPS.ordersPut, { body });
    return pairAnswers(batch, list(obj(answer.body.results).ordersResults), obj(answer.body.errors) as Fault, {
      shopName: t.shopName,
      match: matchesOrder,
      // An order's answer carries its fault in faultCode/faultString only.
      faults: (a) => itemFaults({ faultCode: a.faultCode, faultString: a.faultString }),
      accept: () => ({ ok: true, value: undefined }),
      unanswered: (s) => `Shop "${t.shopName}" did not report on order ${s.orderSerialNumber}; send its status again to be sure.`,
    });
  }, t);
}
