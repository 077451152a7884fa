import agenda from './agenda.js';
import detail from './detail.js';
import list from './list.js';
import logTouch from './log-touch.js';
import mixed from './mixed.js';
import pool from './pool.js';
import { searchScenarios } from './search.js';
import { confirmOrder, ordersList, prospectOrders } from './orders.js';
import { coachingQuarter, coachingYear } from './coaching.js';
import type { Scenario } from './types.js';

/** Every scenario, in the order a full run executes them (the write scenarios last, so reads see the loaded data). */
export const SCENARIOS: readonly Scenario[] = [agenda, detail, list, pool, ...searchScenarios, ordersList, prospectOrders, coachingQuarter, coachingYear, logTouch, confirmOrder, mixed];

export function scenarioByName(name: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.name === name);
}
