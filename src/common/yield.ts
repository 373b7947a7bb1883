/**
 * Lets pending I/O callbacks run before a stretch of synchronous work.
 *
 * A got request goes out over several event-loop turns, and an answer is read in several more;
 * `await` on a promise does not give them a turn (microtasks run before I/O). Without a turn, a
 * request whose connector slot just freed waits on the wire for a page's database write or
 * planning (tens of milliseconds), and the run slows to the pace of its own CPU work plus the
 * shop's latency instead of overlapping the two.
 */
export function yieldToIo(): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve));
}
