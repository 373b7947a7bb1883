/** schema/schema.graphql is generated from the code, committed, and compatible with the public contract. */
import fs from 'node:fs';
import path from 'node:path';
import { buildSchema, findBreakingChanges } from 'graphql';
import { printSchemaFile } from '../../src/api/print.js';

const root = process.cwd();

test('the committed schema/schema.graphql is what the code generates (run `npm run schema` if not)', async () => {
  const committed = fs.readFileSync(path.join(root, 'schema/schema.graphql'), 'utf8');
  expect(committed).toBe(await printSchemaFile());
});

test('the schema breaks nothing in the public contract', async () => {
  const contract = buildSchema(fs.readFileSync(path.join(root, 'test/fixtures/api-contract.graphql'), 'utf8'));
  const ours = buildSchema(fs.readFileSync(path.join(root, 'schema/schema.graphql'), 'utf8'));
  expect(findBreakingChanges(contract, ours).map((c) => c.description)).toEqual([]);
});
