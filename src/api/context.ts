/** The per-request context: who is calling, fresh DataLoaders, the services. */
import type { Caller } from './common/auth.js';
import { createLoaders, type Loaders } from './graphql/loaders.js';
import type { Services } from './services.js';

export interface AppContext {
  caller: Caller;
  requestId: string;
  loaders: Loaders;
  services: Services;
}

export function createContext(services: Services, caller: Caller, requestId: string): AppContext {
  return { caller, requestId, services, loaders: createLoaders(services) };
}
