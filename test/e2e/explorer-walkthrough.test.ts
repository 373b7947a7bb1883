/**
 * The explorer's opening tabs and the README's "First queries" section are one walkthrough: the
 * README's GraphQL blocks there are exactly the tabs' documents, in order, and each document is
 * valid against the server's schema (so neither can name a field the server does not have).
 */
import fs from 'node:fs';
import { buildSchema, parse, validate } from 'graphql';
import { WALKTHROUGH, walkthroughTabQuery } from '../../src/explorer/walkthrough.js';

function readmeBlocks(): string[] {
  const md = fs.readFileSync('README.md', 'utf8');
  const start = md.indexOf('## First queries to paste into the explorer');
  expect(start).toBeGreaterThanOrEqual(0);
  const end = md.indexOf('\n## ', start + 3);
  const section = md.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/```graphql\n([\s\S]*?)\n```/g)].map((m) => m[1]!);
}

test("the README's first-queries blocks are the explorer's tabs, in order", () => {
  expect(readmeBlocks()).toEqual(WALKTHROUGH.map((t) => t.document));
});

test('the walkthrough covers the steps a new user takes', () => {
  const all = WALKTHROUGH.map((t) => t.document).join('\n');
  for (const field of ['products(', 'exportProducts(', 'shopOrders(', 'importOrders(', 'syncStock(', 'syncStatuses(', 'syncRun(', 'syncRuns(']) {
    expect({ field, present: all.includes(field) }).toEqual({ field, present: true });
  }
});

test.each(WALKTHROUGH.map((t) => [t.title, t] as const))('tab "%s" is valid against the schema and every operation has a name', (_title, tab) => {
  const schema = buildSchema(fs.readFileSync('schema/schema.graphql', 'utf8'));
  const doc = parse(walkthroughTabQuery(tab));
  expect(validate(schema, doc).map((e) => e.message)).toEqual([]);
  for (const def of doc.definitions) {
    expect(def.kind === 'OperationDefinition' && def.name?.value).toBeTruthy();
  }
});
