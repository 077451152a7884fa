import { numberFlag, parseArgs, stringFlag, todayUtc8 } from './lib/args.js';
import type { Engine } from './lib/target.js';
import { DEFAULT_SEED, describeLoad, ensureDataset } from './dataset/ensure.js';

/**
 * npm run bench:data -- --scale S [--engine sqlite|postgres|both] [--seed N] [--today YYYY-MM-DD] [--fresh] [--skip-search-index]
 * Generates the deterministic bench dataset through Pond's migrations and loads it; a dataset with the same
 * scale and seed is reused unless --fresh.
 */
const flags = parseArgs(process.argv.slice(2));
const scale = numberFlag(flags, 'scale', 0.01);
const engineFlag = stringFlag(flags, 'engine', 'both');
const engines: Engine[] = engineFlag === 'both' ? ['sqlite', 'postgres'] : [engineFlag as Engine];
if (!engines.every((e) => e === 'sqlite' || e === 'postgres')) throw new Error('--engine must be sqlite, postgres or both');
const options = {
  scale,
  seed: numberFlag(flags, 'seed', DEFAULT_SEED),
  today: stringFlag(flags, 'today', todayUtc8()),
  fresh: flags.get('fresh') === true,
  searchIndex: flags.get('skip-search-index') !== true,
  log: (m: string) => console.log(`${new Date().toISOString().slice(11, 19)} ${m}`),
};
for (const engine of engines) {
  const report = await ensureDataset(engine, options);
  console.log(describeLoad(engine, report));
}
