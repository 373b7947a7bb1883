/** All migrations, in order. */
export const MIGRATIONS: Function[] = [];
