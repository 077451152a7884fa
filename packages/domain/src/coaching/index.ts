export * from './rules.js';
export * from './views.js';
export * from './export.js';
export * from './digest.js';
