import { MAX_ITEMS_PER_CALL, mergeBatchResults, toBatches, toWeightedBatches } from '../../src/idosell/batching.js';

describe('batching', () => {
  it('splits 250 items into 100/100/50 and keeps their order', () => {
    const items = Array.from({ length: 250 }, (_, i) => `item-${i}`);
    const batches = toBatches(items);
    expect(batches.map((b) => b.items.length)).toEqual([100, 100, 50]);
    expect(batches.flatMap((b) => b.items)).toEqual(items);
    expect(batches[2]!.indexes[0]).toBe(200);
  });

  it('never builds a batch of more than 100 items', () => {
    expect(() => toBatches([1, 2, 3], 101)).toThrow(RangeError);
    expect(toBatches([], MAX_ITEMS_PER_CALL)).toEqual([]);
  });

  it('puts the answers back in the caller order', () => {
    const items = Array.from({ length: 7 }, (_, i) => i);
    const batches = toBatches(items, 3);
    const answers = batches.map((b) => b.items.map((n) => `answer-${n}`));
    expect(mergeBatchResults(items.length, batches, answers)).toEqual(items.map((n) => `answer-${n}`));
    expect(() => mergeBatchResults(items.length, batches, [answers[0]!, answers[1]!, []])).toThrow(/Batch 2/);
  });

  it('keeps weighted batches under the weight bound and at most 100 items, in order', () => {
    const sizes = [5, 5, 5, 20, 1, 1, 3];
    const batches = toWeightedBatches(sizes, (n) => n, 10);
    expect(batches.map((b) => b.items)).toEqual([[5, 5], [5], [20], [1, 1, 3]]);
    expect(batches.flatMap((b) => b.indexes)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    const light = toWeightedBatches(Array.from({ length: 230 }, () => 1), (n) => n, 1e9);
    expect(light.map((b) => b.items.length)).toEqual([100, 100, 30]);
  });
});
