/**
 * The domain's event rules, for the browser, read from their own entry point rather than from the package's index
 * (which also carries server-side modules that would break the page). Types still come from '@pond/domain'.
 */
export { EVENT_KINDS, INVITATION_STATES, checkInOpen, mayMove } from '@pond/domain/events/rules';
