export * from './schema.js';
export * from './create-db.js';
export * from './migrate.js';
export * from './transaction.js';
export { migrations } from './migrations/index.js';
export * from './prepared.js';
export * from './hints.js';
