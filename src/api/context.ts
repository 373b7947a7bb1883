/** The per-request context: who is calling, fresh DataLoaders, the services. */
import type { Caller } from '../common/auth.js';
import { MODULES, type Services } from '../modules.js';

type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

/** Every module's loaders in one object (their names do not clash: the modules own different rows). */
export type Loaders = UnionToIntersection<ReturnType<(typeof MODULES)[number]['loaders']>>;

/** Fresh loaders for one request (their caches must not outlive it). */
export function createLoaders(services: Services): Loaders {
  return Object.assign({}, ...MODULES.map((m) => m.loaders(services))) as Loaders;
}

export interface AppContext {
  caller: Caller;
  requestId: string;
  loaders: Loaders;
  services: Services;
}

export function createContext(services: Services, caller: Caller, requestId: string): AppContext {
  return { caller, requestId, services, loaders: createLoaders(services) };
}
