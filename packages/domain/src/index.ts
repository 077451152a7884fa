export * from './i18n/locale.js';
export * from './errors.js';
export * from './accounts/roles.js';
export * from './accounts/password-policy.js';
export * from './accounts/schemas.js';
export * from './accounts/throttle.js';
export * from './prospects/index.js';
export * from './search/index.js';
