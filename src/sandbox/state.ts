/**
 * The sandbox's in-memory shop. Tests read and change it directly through `sandbox.state`.
 *
 * SandboxState
 * - shop: the shop's settings as GET /system/shopsData reports them (shopId, name, languages,
 *   currency, warehouses `stocks` with their IdoSell stockId, VAT rates in percent).
 * - serverLoad: what GET /system/serverLoad answers ('normal' | 'overloaded').
 * - paymentForms: the payment forms defined in the shop ({ id, name, active }).
 * - products: the product base (empty at start), ordered by productId. Each product keeps the
 *   scalar fields it was sent (`fields`: productDisplayedCode, productVat, productRetailPrice...),
 *   names and descriptions per language id, its sizes (sizeId, external/producer code and stock
 *   per IdoSell stockId), and its pictures (number, priority, sha256 hash and size in bytes of
 *   the decoded base64, or the URL).
 * - orders: the shop's orders (demo content or added by tests with `addOrder`), each with its
 *   serial number, status, dates (instants; the API shows them as Warsaw wall-clock text),
 *   customer, payment (form and broad kind), lines, and `locked` (a status change is refused
 *   with a per-order fault while true).
 * - nextProductId / nextOrderSerialNumber: the ids the next created product / added order get.
 */
import { intBetween, pick, seededRandom, type Random } from '../common/prng.js';
import { IDOSELL_ORDER_STATUSES } from '../idosell/orders.js';

export type PaymentKind = 'cash_on_delivery' | 'prepaid' | 'tradecredit';

export interface SandboxPaymentForm {
  id: number;
  name: string;
  active: boolean;
}

export interface SandboxStock {
  stockId: number;
  name: string;
}

export interface SandboxShop {
  shopId: number;
  shopName: string;
  languageId: string;
  currencyId: string;
  stocks: SandboxStock[];
  vatRates: number[];
}

export interface SandboxSize {
  sizeId: string;
  sizePanelName: string;
  productSizeCodeExternal?: string;
  productSizeCodeProducer?: string;
  /** Stock quantity per IdoSell stockId (key: String(stockId)). */
  stocks: Record<string, number>;
}

export interface SandboxImage {
  number: number;
  priority: number;
  sourceType: 'base64' | 'url';
  /** sha256 (hex) of the decoded picture for base64, of the URL text for url. */
  sha256: string;
  /** Decoded size in bytes (0 for url). */
  bytes: number;
  url?: string;
}

export interface SandboxProduct {
  productId: number;
  /** Scalar top-level fields as last sent (productDisplayedCode, productVat, productVatFree, prices...). */
  fields: Record<string, string | number | boolean>;
  names: Record<string, string>;
  shortDescriptions: Record<string, string>;
  longDescriptions: Record<string, string>;
  sizes: SandboxSize[];
  images: SandboxImage[];
  addedAt: Date;
  modifiedAt: Date;
  /** How many times a PUT/POST changed this product (1 after creation). */
  writes: number;
}

export interface SandboxAddress {
  firstName: string;
  lastName: string;
  firm?: string;
  nip?: string;
  street: string;
  zipCode: string;
  city: string;
  countryId: string;
  countryName: string;
  phone: string;
}

export interface SandboxOrderLine {
  productId: number;
  productCode: string;
  productSizeCodeExternal: string;
  productName: string;
  sizeId: string;
  productQuantity: number;
  /** Gross unit price in the order's currency. */
  productOrderPrice: number;
  productOrderPriceNet: number;
  productVat: number;
  stockId: number;
}

export interface SandboxOrder {
  orderId: string;
  orderSerialNumber: number;
  orderStatus: string;
  apiFlag: 'none' | 'registered' | 'realized' | 'registered_pos' | 'realized_pos' | 'registration_fault';
  apiNoteToOrder: string;
  orderNote: string;
  addDate: Date;
  changeDate: Date;
  dispatchDate: Date | null;
  clientId: number;
  clientLogin: string;
  clientEmail: string;
  billing: SandboxAddress;
  delivery: SandboxAddress;
  paymentType: PaymentKind;
  payformId: number;
  payformName: string;
  /** 'y' paid, 'n' not paid. */
  paymentStatus: 'y' | 'n';
  currencyId: string;
  deliveryCost: number;
  courierId: number;
  courierName: string;
  clientNoteToOrder: string;
  lines: SandboxOrderLine[];
  /** While true a status change of this order is answered with a per-order fault. */
  locked: boolean;
}

export interface SandboxState {
  shop: SandboxShop;
  serverLoad: 'normal' | 'overloaded';
  paymentForms: SandboxPaymentForm[];
  products: SandboxProduct[];
  orders: SandboxOrder[];
  nextProductId: number;
  nextOrderSerialNumber: number;
}

/** What a test gives `addOrder`; everything but the lines has a sensible default. */
export interface NewSandboxOrderLine {
  productCode: string;
  productName?: string;
  productId?: number;
  productSizeCodeExternal?: string;
  sizeId?: string;
  productQuantity?: number;
  productOrderPrice?: number;
  productVat?: number;
  stockId?: number;
}

export interface NewSandboxOrder {
  orderSerialNumber?: number;
  orderStatus?: string;
  addDate?: Date;
  changeDate?: Date;
  billing?: Partial<SandboxAddress>;
  delivery?: Partial<SandboxAddress>;
  clientEmail?: string;
  /** Name of a payment form; the kind defaults to cash_on_delivery for "Za pobraniem", else prepaid. */
  payformName?: string;
  paymentType?: PaymentKind;
  paymentStatus?: 'y' | 'n';
  deliveryCost?: number;
  currencyId?: string;
  clientNoteToOrder?: string;
  locked?: boolean;
  lines: NewSandboxOrderLine[];
}

/** A shop keeps one client account per e-mail: the same e-mail gets the same client id. */
const clientIds = new WeakMap<SandboxState, Map<string, number>>();
function clientIdFor(state: SandboxState, email: string): number {
  let ids = clientIds.get(state);
  if (!ids) clientIds.set(state, (ids = new Map()));
  const key = email.trim().toLowerCase();
  let id = ids.get(key);
  if (id === undefined) ids.set(key, (id = 2001 + ids.size));
  return id;
}

/** The e-mail -> client id accounts, for the state file (persist.ts). */
export function clientIdEntries(state: SandboxState): [string, number][] {
  return [...(clientIds.get(state) ?? new Map<string, number>()).entries()];
}

/** Puts back accounts read from the state file, so a known e-mail keeps its client id after a restart. */
export function restoreClientIds(state: SandboxState, entries: [string, number][]): void {
  clientIds.set(state, new Map(entries));
}

export const DEMO_PAYMENT_FORMS: readonly SandboxPaymentForm[] = [
  { id: 1, name: 'Przelew', active: true },
  { id: 2, name: 'Za pobraniem', active: true },
  { id: 3, name: 'Karta płatnicza', active: true },
  { id: 4, name: 'BLIK', active: true },
  { id: 5, name: 'PayU', active: true },
  { id: 6, name: 'Gotówka przy odbiorze osobistym', active: false },
];

export function initialState(): SandboxState {
  return {
    shop: {
      shopId: 1,
      shopName: 'Sklep demonstracyjny',
      languageId: 'pol',
      currencyId: 'PLN',
      stocks: [
        { stockId: 1, name: 'Magazyn główny' },
        { stockId: 2, name: 'Magazyn sklepu internetowego' },
      ],
      vatRates: [23, 8, 5, 0],
    },
    serverLoad: 'normal',
    paymentForms: [],
    products: [],
    orders: [],
    nextProductId: 1001,
    nextOrderSerialNumber: 10001,
  };
}

export function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

const DEFAULT_ADDRESS: SandboxAddress = {
  firstName: 'Jan',
  lastName: 'Kowalski',
  street: 'ul. Długa 1',
  zipCode: '00-001',
  city: 'Warszawa',
  countryId: 'PL',
  countryName: 'Polska',
  phone: '+48 600 100 200',
};

/** Adds an order built from `o` to the state and returns it. */
export function addOrderTo(state: SandboxState, o: NewSandboxOrder, now: Date): SandboxOrder {
  const serial = o.orderSerialNumber ?? state.nextOrderSerialNumber;
  if (state.orders.some((x) => x.orderSerialNumber === serial)) {
    throw new Error(`The sandbox already has an order with serial number ${serial}; give addOrder another orderSerialNumber or leave it out.`);
  }
  state.nextOrderSerialNumber = Math.max(state.nextOrderSerialNumber, serial + 1);
  const status = o.orderStatus ?? 'new';
  if (!(IDOSELL_ORDER_STATUSES as readonly string[]).includes(status)) {
    throw new Error(`"${status}" is not an IdoSell v6 order status; use one of ${IDOSELL_ORDER_STATUSES.join(', ')}.`);
  }
  const payformName = o.payformName ?? 'Przelew';
  const form = state.paymentForms.find((f) => f.name === payformName);
  const paymentType = o.paymentType ?? (payformName === 'Za pobraniem' ? 'cash_on_delivery' : 'prepaid');
  const billing = { ...DEFAULT_ADDRESS, ...o.billing };
  const delivery = { ...billing, ...o.delivery };
  const addDate = o.addDate ?? now;
  const lines = o.lines.map((l, i): SandboxOrderLine => {
    const vat = l.productVat ?? 23;
    const gross = round2(l.productOrderPrice ?? 100);
    return {
      productId: l.productId ?? 500000 + i,
      productCode: l.productCode,
      productSizeCodeExternal: l.productSizeCodeExternal ?? l.productCode,
      productName: l.productName ?? `Produkt ${l.productCode}`,
      sizeId: l.sizeId ?? 'uniw',
      productQuantity: l.productQuantity ?? 1,
      productOrderPrice: gross,
      productOrderPriceNet: round2(gross / (1 + vat / 100)),
      productVat: vat,
      stockId: l.stockId ?? 1,
    };
  });
  const order: SandboxOrder = {
    orderId: `sandbox-${serial}`,
    orderSerialNumber: serial,
    orderStatus: status,
    apiFlag: 'none',
    apiNoteToOrder: '',
    orderNote: '',
    addDate,
    changeDate: o.changeDate ?? addDate,
    dispatchDate: null,
    clientId: clientIdFor(state, o.clientEmail ?? `klient${serial}@example.pl`),
    clientLogin: `${billing.firstName}.${billing.lastName}`.toLowerCase(),
    clientEmail: o.clientEmail ?? `klient${serial}@example.pl`,
    billing,
    delivery,
    paymentType,
    payformId: form?.id ?? 0,
    payformName,
    paymentStatus: o.paymentStatus ?? (paymentType === 'prepaid' ? 'y' : 'n'),
    currencyId: o.currencyId ?? state.shop.currencyId,
    deliveryCost: round2(o.deliveryCost ?? 14.99),
    courierId: 1,
    courierName: 'InPost Paczkomaty',
    clientNoteToOrder: o.clientNoteToOrder ?? '',
    lines,
    locked: o.locked ?? false,
  };
  state.orders.push(order);
  return order;
}

/** Polish surnames in -ski/-cki/-dzki take the gender of the first name (female names end in -a). */
function agreeSurname(firstName: string, lastName: string): string {
  const female = firstName.endsWith('a');
  return female ? lastName.replace(/(sk|ck|dzk)i$/, '$1a') : lastName.replace(/(sk|ck|dzk)a$/, '$1i');
}

const FIRST_NAMES = ['Łukasz', 'Małgorzata', 'Zofia', 'Paweł', 'Agnieszka', 'Grzegorz', 'Katarzyna', 'Michał', 'Żaneta', 'Jędrzej', 'Elżbieta', 'Stanisław'];
const LAST_NAMES = ['Wójcik', 'Kowalczyk', 'Lewandowski', 'Zieliński', 'Szymańska', 'Woźniak', 'Dąbrowski', 'Kozłowska', 'Jankowski', 'Mazur', 'Król', 'Wiśniewska'];
const CITIES: [string, string, string][] = [
  ['Kraków', '30-001', 'ul. Floriańska 12'],
  ['Łódź', '90-001', 'ul. Piotrkowska 104'],
  ['Gdańsk', '80-001', 'ul. Długi Targ 5'],
  ['Poznań', '60-001', 'ul. Półwiejska 8/3'],
  ['Wrocław', '50-001', 'ul. Świdnicka 21'],
  ['Białystok', '15-001', 'ul. Lipowa 7'],
  ['Zielona Góra', '65-001', 'ul. Żeromskiego 3'],
  ['Rzeszów', '35-001', 'ul. 3 Maja 15'],
];
const PRODUCT_WORDS = ['Śrubokręt', 'Młotek', 'Wiertarka', 'Klucz płaski', 'Piła ręczna', 'Poziomica', 'Szczypce', 'Taśma miernicza', 'Imadło', 'Dłuto'];
/** Demo statuses, weighted: more new ones than finished ones, a few canceled. */
const DEMO_STATUSES = ['new', 'new', 'new', 'payment_waiting', 'on_order', 'packed', 'ready', 'finished', 'finished', 'canceled'] as const;
const DEMO_VAT = [23, 23, 23, 8, 5] as const;

export const DEMO_ORDER_COUNT = 48;
export const DEMO_SEED = 20250601;

/**
 * Demo content: the payment forms above and DEMO_ORDER_COUNT orders spread over the 30 days
 * before `now`, deterministic for DEMO_SEED. Lines use ISOF demo codes TOW-00001..TOW-00500;
 * every 6th order also has a line with a code ISOF does not know (OBCY-...). The product base
 * stays empty.
 */
export function fillDemoContent(state: SandboxState, now: Date): void {
  const random: Random = seededRandom(DEMO_SEED);
  state.paymentForms = DEMO_PAYMENT_FORMS.map((f) => ({ ...f }));
  const activeForms = state.paymentForms.filter((f) => f.active);
  const span = 30 * 24 * 3600 * 1000;
  const times = Array.from({ length: DEMO_ORDER_COUNT }, () => now.getTime() - 60_000 - Math.floor(random() * (span - 120_000))).sort((a, b) => a - b);
  times.forEach((t, i) => {
    const firstName = pick(random, FIRST_NAMES);
    const lastName = agreeSurname(firstName, pick(random, LAST_NAMES));
    const [city, zipCode, street] = pick(random, CITIES);
    const lineCount = intBetween(random, 1, 4);
    const lines: NewSandboxOrderLine[] = Array.from({ length: lineCount }, () => {
      const n = intBetween(random, 1, 500);
      const code = `TOW-${String(n).padStart(5, '0')}`;
      return {
        productCode: code,
        productId: 100000 + n,
        productName: `${pick(random, PRODUCT_WORDS)} ${code}`,
        productQuantity: intBetween(random, 1, 5),
        productOrderPrice: round2(5 + random() * 495),
        productVat: pick(random, DEMO_VAT),
      };
    });
    if (i % 6 === 5) {
      const code = `OBCY-${String(intBetween(random, 1, 999)).padStart(4, '0')}`;
      lines.push({ productCode: code, productId: 900000 + i, productName: `Zestaw upominkowy ${code}`, productQuantity: 1, productOrderPrice: 49.9, productVat: 23 });
    }
    const form = pick(random, activeForms);
    const addDate = new Date(t);
    const changeDate = new Date(Math.min(now.getTime(), t + Math.floor(random() * 48 * 3600 * 1000)));
    addOrderTo(
      state,
      {
        orderStatus: pick(random, DEMO_STATUSES),
        addDate,
        changeDate,
        billing: { firstName, lastName, city, zipCode, street, phone: `+48 5${intBetween(random, 10, 99)} ${intBetween(random, 100, 999)} ${intBetween(random, 100, 999)}` },
        clientEmail: `${lastName.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/ł/g, 'l')}${i}@example.pl`,
        payformName: form.name,
        lines,
      },
      now,
    );
  });
}
