/**
 * The explorer's opening tabs and the README's walkthrough are one: the GraphQL blocks of the
 * README's "First queries" section, then those of "Running unattended" → "Schedules", are exactly
 * the tabs' documents, in order, and each document is valid against the server's schema (so neither
 * can name a field the server does not have).
 */
import fs from 'node:fs';
import { buildSchema, parse, validate } from 'graphql';
import { WALKTHROUGH, walkthroughTabQuery } from '../../src/explorer/walkthrough.js';

/**
 * The GraphQL blocks of the README section under `heading`, up to the next heading of its level or
 * above (a line starting with `#` inside a code block is a GraphQL comment, not a heading).
 */
function sectionBlocks(md: string, heading: string): string[] {
  const lines = md.split('\n');
  const start = lines.indexOf(heading);
  expect({ heading, found: start >= 0 }).toEqual({ heading, found: true });
  const level = heading.indexOf(' ');
  const blocks: string[] = [];
  let block: string[] | undefined;
  for (const line of lines.slice(start + 1)) {
    if (block) {
      if (line === '```') {
        blocks.push(block.join('\n'));
        block = undefined;
      } else block.push(line);
    } else if (line === '```graphql') block = [];
    else if (/^#+ /.test(line) && line.indexOf(' ') <= level) break;
    else if (line.startsWith('```')) block = undefined;
  }
  return blocks;
}

function readmeBlocks(): string[] {
  const md = fs.readFileSync('README.md', 'utf8');
  return [...sectionBlocks(md, '## First queries to paste into the explorer'), ...sectionBlocks(md, '### Schedules')];
}

test("the README's first-queries blocks are the explorer's tabs, in order", () => {
  expect(readmeBlocks()).toEqual(WALKTHROUGH.map((t) => t.document));
});

test('the walkthrough covers the steps a new user takes', () => {
  const all = WALKTHROUGH.map((t) => t.document).join('\n');
  for (const field of ['products(', 'exportProducts(', 'shopOrders(', 'importOrders(', 'syncStock(', 'syncStatuses(', 'syncRun(', 'syncRuns(', 'syncRunUpdated(', 'setSchedule(', 'schedules(', 'deleteSchedule(']) {
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
  // The "pick one" hint is there exactly when the run button will ask which operation to run.
  expect(walkthroughTabQuery(tab).includes('Several operations')).toBe(doc.definitions.length > 1);
});

test('the live tab is a subscription and the unattended tab sets, lists and deletes schedules', () => {
  const live = WALKTHROUGH.find((t) => t.document.startsWith('subscription '));
  expect(live?.document).toContain('syncRunUpdated(');
  expect(WALKTHROUGH[WALKTHROUGH.length - 1]!.document).toMatch(/setSchedule\([\s\S]*schedules\([\s\S]*deleteSchedule\(/);
});
