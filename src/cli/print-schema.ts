/** `npm run schema`: writes schema/schema.graphql from the code (commit the result). */
import fs from 'node:fs';
import path from 'node:path';
import { printSchemaFile } from '../api/print.js';

const target = path.resolve('schema/schema.graphql');
fs.mkdirSync(path.dirname(target), { recursive: true });
fs.writeFileSync(target, await printSchemaFile());
console.log(`wrote ${target}`);
