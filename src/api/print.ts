import { printSchema } from 'graphql';
import { createSchema } from './schema.js';

export const SCHEMA_HEADER = '# Generated from the code by `npm run schema`; do not edit by hand.\n# It must stay compatible with the public contract (see README).\n\n';

export async function printSchemaFile(): Promise<string> {
  return SCHEMA_HEADER + printSchema(await createSchema()) + '\n';
}
