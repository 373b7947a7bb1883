/**
 * What the demo ISOF holds, planned before anything is written: the fixed lists (warehouses, price
 * types, payment methods, order statuses) and the drawn rows (products, customers, quantities,
 * statuses), all from one seeded PRNG so that the same seed plans the same content. demo.ts writes it.
 */
import type { IsofCustomer } from '../isof/entities.js';
import { netFromGross, toGrosze } from '../common/money.js';
import type { Prng } from '../common/prng.js';
import {
  DESCRIPTION_SENTENCES, GENERAL_SENTENCES, PRODUCT_TEMPLATES, fillTemplate, type ProductTemplate,
} from './catalog-words.js';
import {
  CITIES, COMPANY_BRANDS, COMPANY_FORMS, COMPANY_KINDS, FEMALE_FIRST_NAMES, MALE_FIRST_NAMES, STREETS,
  SURNAMES, asciiSlug, nipCheckDigit,
} from './people-words.js';
import { productPicture } from './png.js';

/** The product code of the n-th demo product (1-based): TOW-00001. */
export function demoProductCode(n: number): string {
  return `TOW-${String(n).padStart(5, '0')}`;
}

export const DEMO_WAREHOUSES = [
  { code: 'MAG-GL', name: 'Magazyn główny' },
  { code: 'MAG-WAW', name: 'Magazyn Warszawa' },
  { code: 'MAG-KRK', name: 'Sklep Kraków' },
] as const;

/** In KOLEJNOSC order: the first is the retail price an export uses by default. */
export const DEMO_PRICE_TYPES = [
  { name: 'Detaliczna', sortOrder: 1 },
  { name: 'Hurtowa', sortOrder: 2 },
  { name: 'Internetowa', sortOrder: 3 },
] as const;

export const DEMO_PAYMENT_METHODS = ['Przelew', 'Za pobraniem', 'Karta płatnicza', 'BLIK', 'Gotówka'] as const;

/** In KOLEJNOSC order: the first is the default status of an imported order. */
export const DEMO_ORDER_STATUSES = [
  'Nowe', 'W realizacji', 'Gotowe do wysyłki', 'Wysłane', 'Zrealizowane', 'Anulowane',
] as const;

export interface PlannedProduct {
  code: string;
  name: string;
  description: string | null;
  vatRate: number;
  unit: ProductTemplate['unit'];
  active: boolean;
  picture?: Buffer;
  /** Retail net in grosze. */
  retailNet: number;
}

export function planProducts(rng: Prng, count: number, pictures: boolean): PlannedProduct[] {
  // Most templates are 23 %; weights keep that share while every rate appears.
  const weighted = PRODUCT_TEMPLATES.map((t) => [t, t.vat === 23 ? 3 : 2] as const);
  const out: PlannedProduct[] = [];
  for (let i = 1; i <= count; i++) {
    const t = rng.weighted(weighted);
    const name = fillTemplate(t.pattern, (options) => rng.pick(options));
    let retailNet: number;
    if (t.faceValue) {
      retailNet = toGrosze(/(\d+) zł/.exec(name)?.[1] ?? '100');
    } else {
      // A shelf price ending in ,99 or ,49 gross; net is what gives that gross at the VAT rate.
      const grossWhole = rng.int(Math.round(t.net[0] * (1 + t.vat / 100)), Math.round(t.net[1] * (1 + t.vat / 100)));
      const gross = `${Math.max(0, grossWhole)}.${rng.chance(0.7) ? '99' : '49'}`;
      retailNet = toGrosze(netFromGross(gross, t.vat));
    }
    const sentences = DESCRIPTION_SENTENCES[t.category];
    const description = rng.chance(0.05)
      ? null
      : `${name}. ${rng.sample(sentences, 2).join(' ')} ${rng.pick(GENERAL_SENTENCES)}`;
    // Drawn whether or not pictures are wanted, so that `pictures: false` changes nothing else.
    const hasPicture = rng.chance(0.2);
    const hue = rng.next();
    out.push({
      code: demoProductCode(i),
      name,
      description,
      vatRate: t.vat,
      unit: t.unit,
      active: !rng.chance(0.03),
      picture: pictures && hasPicture ? productPicture(hue) : undefined,
      retailNet,
    });
  }
  return out;
}

export function stockQuantity(rng: Prng, unit: ProductTemplate['unit']): number {
  if (rng.chance(0.08)) return 0;
  if (unit === 'kg') return rng.int(0, 500_000) / 1000; // up to 500 kg, to the gram
  if (unit === 'm') return rng.int(0, 10_000) / 10; // up to 1000 m, to 10 cm
  return rng.int(0, rng.chance(0.8) ? 60 : 400);
}

export interface PlannedCustomer extends Partial<IsofCustomer> {
  email: string;
}

function postalCode(rng: Prng, lo: number, hi: number): string {
  return `${String(rng.int(lo, hi)).padStart(2, '0')}-${String(rng.int(1, 999)).padStart(3, '0')}`;
}

function address(rng: Prng): { street: string; postalCode: string; city: string } {
  const [city, lo, hi] = rng.pick(CITIES);
  const number = rng.chance(0.5) ? `${rng.int(1, 180)}` : `${rng.int(1, 120)}/${rng.int(1, 60)}`;
  return { street: `${rng.pick(STREETS)} ${number}`, postalCode: postalCode(rng, lo, hi), city };
}

function nip(rng: Prng): string {
  for (;;) {
    const firstNine = `${rng.int(101, 999)}${String(rng.int(0, 999_999)).padStart(6, '0')}`;
    const check = nipCheckDigit(firstNine);
    if (check !== null) return `${firstNine}${check}`;
  }
}

function personName(rng: Prng): string {
  const female = rng.chance(0.5);
  const [male, fem] = rng.pick(SURNAMES);
  return female ? `${rng.pick(FEMALE_FIRST_NAMES)} ${fem}` : `${rng.pick(MALE_FIRST_NAMES)} ${male}`;
}

export function planCustomers(rng: Prng, count: number): PlannedCustomer[] {
  const emails = new Set<string>();
  const out: PlannedCustomer[] = [];
  for (let i = 0; i < count; i++) {
    const company = rng.chance(0.4);
    let name: string;
    let local: string;
    let domain: string;
    if (company) {
      if (rng.chance(0.5)) {
        const brand = rng.pick(COMPANY_BRANDS);
        name = `${rng.pick(COMPANY_KINDS)} „${brand}” ${rng.pick(COMPANY_FORMS)}`;
        domain = `${asciiSlug(brand, '-')}.example.com`;
      } else {
        const owner = personName(rng);
        name = `${rng.pick(COMPANY_KINDS)} ${owner}`;
        domain = `${asciiSlug(owner.split(' ')[1], '-')}-firma.example.com`;
      }
      local = rng.pick(['biuro', 'kontakt', 'zamowienia', 'sklep']);
    } else {
      name = personName(rng);
      local = asciiSlug(name);
      domain = rng.pick(['example.com', 'example.net', 'example.org']);
    }
    let email = `${local}@${domain}`;
    for (let n = 2; emails.has(email); n++) email = `${local}${n}@${domain}`;
    emails.add(email);

    const billing = address(rng);
    const sameDelivery = rng.chance(0.65);
    const delivery = sameDelivery ? billing : address(rng);
    out.push({
      name,
      email,
      taxId: company ? nip(rng) : null,
      phone: `+48 ${rng.int(500, 889)} ${String(rng.int(0, 999)).padStart(3, '0')} ${String(rng.int(0, 999)).padStart(3, '0')}`,
      street: billing.street,
      postalCode: billing.postalCode,
      city: billing.city,
      country: 'PL',
      deliveryName: sameDelivery || !company ? name : personName(rng),
      deliveryStreet: delivery.street,
      deliveryPostalCode: delivery.postalCode,
      deliveryCity: delivery.city,
      deliveryCountry: 'PL',
    });
  }
  return out;
}

export function orderStatusFor(rng: Prng, ageDays: number): (typeof DEMO_ORDER_STATUSES)[number] {
  if (ageDays > 20) return rng.weighted([['Zrealizowane', 75], ['Wysłane', 15], ['Anulowane', 10]] as const);
  if (ageDays > 6) return rng.weighted([['Wysłane', 50], ['Zrealizowane', 30], ['Gotowe do wysyłki', 20]] as const);
  return rng.weighted([['Nowe', 40], ['W realizacji', 35], ['Gotowe do wysyłki', 25]] as const);
}

export function lineQuantity(rng: Prng, unit: ProductTemplate['unit']): number {
  if (unit === 'kg') return rng.pick([0.5, 1, 1.5, 2, 2.25, 3]);
  if (unit === 'm') return rng.pick([1, 2.5, 5, 10, 25]);
  return rng.weighted([[1, 6], [2, 3], [3, 2], [4, 1], [5, 1]] as const);
}
