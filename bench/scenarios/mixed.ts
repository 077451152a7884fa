import { Weighted } from '../lib/rng.js';
import agenda from './agenda.js';
import detail from './detail.js';
import list from './list.js';
import logTouch from './log-touch.js';
import { searchScenarios } from './search.js';
import { defineScenario, type BenchContext, type OpParams, type Scenario } from './types.js';

interface MixedParams extends OpParams {
  sub: string;
  p: OpParams;
}

const byName = new Map<string, Scenario>([agenda, detail, list, logTouch, ...searchScenarios].map((s) => [s.name, s]));

/** 70% agenda/list/search (search only where Pond has it), 20% detail, 10% writes. */
function mix(ctx: BenchContext): Weighted<string> {
  const searches = searchScenarios.filter((s) => ctx.available.get(s.name)).map((s) => s.name);
  const reads = ['agenda', 'list', ...searches];
  return new Weighted<string>([...reads.map((name) => [name, 70 / reads.length] as const), ['detail', 20], ['log-touch', 10]]);
}

let cached: { ctx: BenchContext; weights: Weighted<string> } | undefined;

export default defineScenario<MixedParams>({
  name: 'mixed',
  kind: 'http',
  writes: true,
  measures: 'a working day: 70% agenda/list/search, 20% detail, 10% logged touches',
  pick(ctx, rng) {
    if (cached?.ctx !== ctx) cached = { ctx, weights: mix(ctx) };
    const sub = cached.weights.pick(rng);
    const p = byName.get(sub)!.pick(ctx, rng);
    return { u: p.u, sub, p };
  },
  request: (ctx, m) => byName.get(m.sub)!.request(ctx, m.p),
  async baseline(driver, m) {
    const scenario = byName.get(m.sub)!;
    return scenario.baseline ? scenario.baseline(driver, m.p) : null;
  },
});
