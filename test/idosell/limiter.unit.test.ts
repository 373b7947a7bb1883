import { Limiter } from '../../src/idosell/limiter.js';

describe('Limiter', () => {
  it('never lets more than the limit run at once, and runs everything', async () => {
    const limiter = new Limiter(3);
    let running = 0;
    let most = 0;
    const done: number[] = [];
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        limiter.run(async () => {
          running++;
          most = Math.max(most, running);
          await new Promise((r) => setImmediate(r));
          running--;
          done.push(i);
        }),
      ),
    );
    expect(most).toBe(3);
    expect(done.sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i));
    expect(limiter.inFlight).toBe(0);
  });
});

describe('Limiter and a stopped run', () => {
  test('a caller waiting for a slot leaves the queue when its signal aborts, and never runs', async () => {
    const limiter = new Limiter(1);
    let release!: () => void;
    const first = limiter.run(() => new Promise<void>((r) => (release = r)));
    const stop = new AbortController();
    let ran = false;
    const waiting = limiter.run(async () => {
      ran = true;
    }, stop.signal);
    const reason = new Error('stopped');
    stop.abort(reason);
    await expect(waiting).rejects.toBe(reason);
    release();
    await first;
    expect(ran).toBe(false);
    // The slot it left is free for the next caller.
    expect(limiter.inFlight).toBe(0);
    await expect(limiter.run(async () => 'next')).resolves.toBe('next');
  });

  test('a signal already aborted runs nothing', async () => {
    const limiter = new Limiter(2);
    const stop = new AbortController();
    stop.abort(new Error('stopped'));
    let ran = false;
    await expect(limiter.run(async () => {
      ran = true;
    }, stop.signal)).rejects.toThrow('stopped');
    expect(ran).toBe(false);
    expect(limiter.inFlight).toBe(0);
  });
});
