export * from './money.js';
export * from './rules.js';
export * from './schemas.js';
export * from './views.js';
export * from './export.js';
