export * from './rules.js';
export * from './schemas.js';
export * from './views.js';
export * from './images.js';
