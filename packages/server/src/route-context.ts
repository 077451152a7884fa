import type { Config } from './platform/config.js';
import type { Services } from './services.js';

/** What a route module receives; routes parse, call a service and present, nothing more. */
export interface RouteContext {
  services: Services;
  config: Config;
}
