/**
 * The TypeORM data source for the CLI and for `npm run migrate`, built from the same typed
 * config the server uses (environment variables; see the README).
 */
import 'reflect-metadata';
import { loadConfig } from './src/config.js';
import { buildDataSourceOptions } from './src/db/data-source.js';
import { ENTITIES } from './src/modules.js';
import { DataSource } from 'typeorm';

export const AppDataSource = new DataSource(buildDataSourceOptions(loadConfig(), ENTITIES));
export default AppDataSource;
