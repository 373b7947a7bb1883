import { BadInputError, UpstreamError } from '../../src/common/errors.js';
import { SHUTDOWN_TEXT, runOutcome } from '../../src/sync-runs/run-outcome.js';

const counts = (c: Partial<{ total: number; processed: number; succeeded: number; failed: number; skipped: number }>) =>
  ({ total: 0, processed: 0, succeeded: 0, failed: 0, skipped: 0, ...c });

describe('how a run ends (runOutcome)', () => {
  test('work done: SUCCEEDED with no failure, PARTIALLY_FAILED with some, FAILED when every item failed', () => {
    expect(runOutcome(counts({ total: 3, processed: 3, succeeded: 2, skipped: 1 }), null, null)).toEqual({ status: 'SUCCEEDED', error: null });
    expect(runOutcome(counts({ total: 3, processed: 3, succeeded: 2, failed: 1 }), null, null)).toEqual({ status: 'PARTIALLY_FAILED', error: null });
    expect(runOutcome(counts({ total: 2, processed: 2, failed: 2 }), null, null))
      .toEqual({ status: 'FAILED', error: "All 2 items failed; see the run's items for each reason." });
  });

  test('work threw: a domain error keeps its sentence, an unexpected one is not shown', () => {
    expect(runOutcome(counts({}), { err: new BadInputError('The shop has no warehouse mapped.') }, null))
      .toEqual({ status: 'FAILED', error: 'The shop has no warehouse mapped.' });
    const hidden = runOutcome(counts({}), { err: new TypeError('x is undefined at line 12') }, null);
    expect(hidden.status).toBe('FAILED');
    expect(hidden.error).not.toContain('line 12');
    expect(hidden.error).toMatch(/unexpected error; it was logged/);
  });

  test('a stop decides over the counts and over what the work threw', () => {
    const c = counts({ total: 10, processed: 4, succeeded: 4 });
    const thrown = { err: new Error('aborted') };
    expect(runOutcome(c, thrown, { kind: 'cancel', by: 'ops' })).toEqual({
      status: 'CANCELLED',
      error: 'Cancelled by ops; 4 of 10 items were done and are recorded. Start the run again to do the rest: it does not repeat what the shop confirmed.',
    });
    expect(runOutcome(c, thrown, { kind: 'shutdown' })).toEqual({ status: 'INTERRUPTED', error: SHUTDOWN_TEXT });
    expect(runOutcome(c, null, { kind: 'lost' })).toEqual({ status: 'INTERRUPTED', error: SHUTDOWN_TEXT });
  });

  test('fail fast: FAILED with the cause and how many items were not sent, in singular and plural', () => {
    const error = new UpstreamError('The shop refused the API key.');
    expect(runOutcome(counts({ total: 10, processed: 4 }), null, { kind: 'halted', error }).error)
      .toBe('The shop refused the API key. 6 of 10 items were not sent; run again once that is fixed: what the shop confirmed is recorded and not sent twice.');
    expect(runOutcome(counts({ total: 1 }), null, { kind: 'halted', error }).error)
      .toBe('The shop refused the API key. 1 of 1 item was not sent; run again once that is fixed: what the shop confirmed is recorded and not sent twice.');
    expect(runOutcome(counts({}), null, { kind: 'halted', error }))
      .toEqual({ status: 'FAILED', error: 'The shop refused the API key. The run stopped there; run again once that is fixed: what the shop confirmed is recorded and not sent twice.' });
  });
});
