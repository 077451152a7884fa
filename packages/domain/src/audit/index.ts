export * from './actions.js';
export * from './sentences.js';
