/**
 * What the sandbox's operation handlers share: the context and answer shapes, reading a request's
 * params (types as IdoSell sends them; anything else reads as absent), paging, and IdoSell's
 * "nothing found" answer.
 */
import type { SandboxState } from './state.js';
import { parseWarsaw } from '../idosell/warsaw-time.js';

/** The sandbox is strict where IdoSell is: only "YYYY-MM-DD HH:MM:SS" (Warsaw time) is a date. */
export function fromWarsawText(text: string): Date | undefined {
  return /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(text) ? (parseWarsaw(text) ?? undefined) : undefined;
}

export const MAX_ITEMS = 100;

export interface ItemFault {
  faultCode: number;
  faultString: string;
}

export interface OperationContext {
  state: SandboxState;
  now: () => Date;
  /** The injected fault for the item at this index of the batch, if the fault knobs say so. */
  itemFault: (index: number) => ItemFault | undefined;
}

export interface OperationAnswer {
  status: number;
  body: unknown;
}

/** A request the sandbox refuses as a whole (422), with a sentence naming the field. */
export class RequestRefused extends Error {
  constructor(
    message: string,
    public readonly status = 422,
  ) {
    super(message);
  }
}

export type Params = Record<string, unknown>;
export type Item = Record<string, unknown>;

export function errorBody(faultCode: number, faultString: string): { errors: { faultCode: number; faultString: string } } {
  return { errors: { faultCode, faultString } };
}

export function arr(v: unknown): Item[] {
  return Array.isArray(v) ? (v as Item[]) : [];
}
export function obj(v: unknown): Item {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Item) : {};
}
export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
export function num(v: unknown): number | undefined {
  return typeof v === 'number' ? v : undefined;
}

export function refuseUnsupported(params: Params, supported: string[], operation: string): void {
  for (const key of Object.keys(params)) {
    if (!supported.includes(key)) {
      throw new RequestRefused(
        `params.${key} is a valid IdoSell filter of ${operation}, but the sandbox does not implement it; use only ${supported.join(', ')} against the sandbox.`,
      );
    }
  }
}

export function paging(params: Params): { page: number; limit: number } {
  const page = num(params.resultsPage) ?? 0;
  const limit = num(params.resultsLimit) ?? MAX_ITEMS;
  if (page < 0) throw new RequestRefused(`params.resultsPage is ${page}; pages count from 0.`);
  if (limit < 1 || limit > MAX_ITEMS) throw new RequestRefused(`params.resultsLimit is ${limit}; IdoSell accepts 1 to ${MAX_ITEMS} results per page.`);
  return { page, limit };
}

export const NOTHING_FOUND = 'Nie znaleziono wyników spełniających kryteria wyszukiwania (nothing matches the search criteria).';

export function pagedAnswer(all: Item[], page: number, limit: number, listKey: 'results' | 'Results'): OperationAnswer {
  const pages = Math.ceil(all.length / limit);
  const slice = all.slice(page * limit, page * limit + limit);
  const counters = { resultsNumberAll: all.length, resultsNumberPage: pages, resultsPage: page, resultsLimit: limit };
  if (slice.length === 0) return { status: 207, body: { ...counters, ...errorBody(2, NOTHING_FOUND) } };
  return { status: 200, body: { ...counters, [listKey]: slice } };
}
