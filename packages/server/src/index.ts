export { buildApp, type AppDeps, type RouteEntry } from './app.js';
export { serve, openDatabase } from './main.js';
export { loadConfig, ConfigError, link, type Config } from './platform/config.js';
export { ManualClock, systemClock, type Clock } from './platform/clock.js';
export { createServices, type Services } from './services.js';
export { createRepositories, type Repositories } from './repositories.js';
export { CLI_META, CONSOLE, actorFor, type Actor, type ConsoleOperator, type RequestMeta } from './platform/actor.js';
export { ListFilterQuery } from './modules/prospects/list-filters.js';
