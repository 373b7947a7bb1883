/**
 * The sandbox's faults: knobs that make a share of calls fail at random (a seeded PRNG, so a run
 * repeats), and scripted faults that hit the next N matching calls, for tests that need one exact
 * failure. Their shapes, defaults and the checks of what the admin routes receive.
 */

export interface SandboxFaults {
  /** Milliseconds from a call's arrival to its answer; the sandbox's own work happens within them. */
  latencyMs: number;
  /** 0..1 share of calls answered 429. */
  rate429: number;
  /** Retry-After sent with 429 (seconds). */
  retryAfterS: number;
  /** 0..1 share of calls answered status5xx. */
  rate5xx: number;
  status5xx: 500 | 503;
  /** 0..1 share of items in product/stock/status batches answered with a per-item fault (207). */
  itemFaultRate: number;
  /** 0..1 share of connections destroyed without an answer. */
  resetRate: number;
  /** 0..1 share of calls that never answer. */
  hangRate: number;
  /** PRNG seed for the shares. */
  seed: number;
}

/** Scripted, deterministic faults for tests: the next `times` (default 1) calls matching method/path get this. */
export interface ScriptedFault {
  method?: string;
  /** API path after /api/admin/v6, e.g. "/products/products". */
  path?: string;
  times?: number;
  kind: '429' | '500' | '503' | 'reset' | 'hang' | 'itemFault';
  retryAfterS?: number;
  /** itemFault: indexes of the batch items that fault (default [0]). */
  itemIndexes?: number[];
  faultCode?: number;
  faultString?: string;
}

export const DEFAULT_FAULTS: SandboxFaults = {
  latencyMs: 0,
  rate429: 0,
  retryAfterS: 1,
  rate5xx: 0,
  status5xx: 503,
  itemFaultRate: 0,
  resetRate: 0,
  hangRate: 0,
  seed: 1,
};

/** Checks a partial SandboxFaults; throws a sentence naming the bad knob. */
export function checkFaults(f: Record<string, unknown>): Partial<SandboxFaults> {
  const out: Partial<SandboxFaults> = {};
  for (const [key, value] of Object.entries(f)) {
    if (!(key in DEFAULT_FAULTS)) throw new Error(`"${key}" is not a sandbox fault knob; the knobs are ${Object.keys(DEFAULT_FAULTS).join(', ')}.`);
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`Fault knob ${key} must be a number, not ${JSON.stringify(value)}.`);
    if (key.startsWith('rate') || key.endsWith('Rate')) {
      if (value < 0 || value > 1) throw new Error(`Fault knob ${key} is a share of calls: give a number from 0 to 1, not ${value}.`);
    } else if (key === 'status5xx') {
      if (value !== 500 && value !== 503) throw new Error(`Fault knob status5xx must be 500 or 503, not ${value}.`);
    } else if (value < 0) {
      throw new Error(`Fault knob ${key} must not be negative.`);
    }
    (out as Record<string, number>)[key] = value;
  }
  return out;
}

const SCRIPT_KINDS = ['429', '500', '503', 'reset', 'hang', 'itemFault'];

/** Checks a scripted-fault list; throws a sentence naming the bad entry. */
export function checkScript(list: unknown): ScriptedFault[] {
  if (!Array.isArray(list)) throw new Error('script must be a list of scripted faults.');
  return list.map((x, i) => {
    const f = x as ScriptedFault;
    if (!f || typeof f !== 'object' || !SCRIPT_KINDS.includes(String(f.kind))) {
      throw new Error(`script[${i}].kind must be one of ${SCRIPT_KINDS.join(', ')}.`);
    }
    return { ...f };
  });
}

/** A scripted fault with the number of calls it still hits. */
export interface Scripted extends ScriptedFault {
  left: number;
}
