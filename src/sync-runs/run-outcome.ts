/**
 * How a run ends: its final status and run-level error, from its counts, the error its work threw
 * (if any) and why it was stopped (if it was). Pure, so each ending is stated in one place.
 */
import { DomainError } from '../common/errors.js';
import type { SyncRunStatusName } from './sync-run.entities.js';

/** Why a run was stopped before it finished its work. */
export type StopReason =
  | { kind: 'cancel'; by: string }
  | { kind: 'shutdown' }
  /** Another instance took the run over, or somebody else closed it: this process must stop sending. */
  | { kind: 'lost' }
  /** A call failed in a way every next call would repeat (shop unreachable, key refused): the run fails fast. */
  | { kind: 'halted'; error: DomainError };

/** The reason a run's `stop` signal carries; `signal.throwIfAborted()` throws it. */
export class RunStoppedError extends Error {
  constructor(readonly reason: StopReason) {
    super(reason.kind === 'cancel' ? `The run was cancelled by ${reason.by}.` : reason.kind === 'shutdown' ? 'The server is stopping.'
      : reason.kind === 'halted' ? reason.error.message : 'The run was taken over.');
    this.name = 'RunStoppedError';
  }
}

export interface RunCounts {
  total: number;
  processed: number;
  succeeded: number;
  failed: number;
  skipped: number;
}

export const SHUTDOWN_TEXT = 'The server was stopped while this run was going; what the shop confirmed is recorded. Start the run again once the server is back: it recomputes what is left and does not repeat what the shop confirmed.';

/** A run-level error a person can read: a domain error's own sentence, never an unexpected error's internals. */
function describe(err: unknown): string {
  if (err instanceof DomainError) return err.message;
  return 'The run stopped on an unexpected error; it was logged. Start it again; what the shop confirmed is kept.';
}

/**
 * The final status and error. `failure` is what the work threw (null when it returned); a stop
 * decides over both: stopped before its work was done, what the shop confirmed is recorded and the
 * rest is left to the next run.
 */
export function runOutcome(counts: RunCounts, failure: { err: unknown } | null, stopped: StopReason | null): { status: SyncRunStatusName; error: string | null } {
  if (stopped?.kind === 'cancel') {
    return {
      status: 'CANCELLED',
      error: `Cancelled by ${stopped.by}; ${counts.processed} of ${counts.total} items were done and are recorded. Start the run again to do the rest: it does not repeat what the shop confirmed.`,
    };
  }
  if (stopped?.kind === 'halted') {
    // Fail fast: one run-level error; the items not recorded were not tried (or their call failed as it says).
    const left = Math.max(0, counts.total - counts.processed);
    const after = 'run again once that is fixed: what the shop confirmed is recorded and not sent twice.';
    return {
      status: 'FAILED',
      error: left > 0
        ? `${stopped.error.message} ${left} of ${counts.total} item${counts.total === 1 ? '' : 's'} ${left === 1 ? 'was' : 'were'} not sent; ${after}`
        : `${stopped.error.message} The run stopped there; ${after}`,
    };
  }
  if (stopped) return { status: 'INTERRUPTED', error: SHUTDOWN_TEXT };
  if (failure) return { status: 'FAILED', error: describe(failure.err) };
  if (counts.failed === 0) return { status: 'SUCCEEDED', error: null };
  if (counts.succeeded + counts.skipped > 0) return { status: 'PARTIALLY_FAILED', error: null };
  return { status: 'FAILED', error: `All ${counts.failed} items failed; see the run's items for each reason.` };
}
