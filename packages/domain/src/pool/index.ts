export * from './rules.js';
export * from './views.js';
