/** A bounded number of calls in flight per shop. */
export class Limiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError('The concurrency limit must be a positive whole number.');
  }

  get inFlight(): number {
    return this.active;
  }

  /**
   * Runs `fn` in a slot. With `signal`: a caller still waiting for a slot when it aborts leaves the
   * queue and rejects with the signal's reason (it never runs); `fn` itself checks the signal again.
   */
  async run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    signal?.throwIfAborted();
    if (this.active >= this.limit) {
      await new Promise<void>((resolve, reject) => {
        const onAbort = () => {
          const at = this.waiting.indexOf(take);
          if (at < 0) return; // already handed a slot: it runs (and checks the signal itself)
          this.waiting.splice(at, 1);
          reject(signal!.reason);
        };
        const take = () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        };
        this.waiting.push(take);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    } else this.active++;
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next) next(); // hand the slot over; `active` stays the same
      else this.active--;
    }
  }
}

const shared = new Map<string, Limiter>();

/**
 * One limiter per shop (its base URL) for the whole process, so two clients of the same shop
 * (two runs at once) share the bound.
 */
export function limiterFor(shopKey: string, limit: number): Limiter {
  const key = `${shopKey}#${limit}`;
  let l = shared.get(key);
  if (!l) {
    l = new Limiter(limit);
    shared.set(key, l);
  }
  return l;
}
