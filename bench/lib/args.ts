/** A small flag parser: `--name value`, `--name=value` and bare `--flag` (true). */
export function parseArgs(argv: string[]): Map<string, string | true> {
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new Error(`unexpected argument ${arg}`);
    const eq = arg.indexOf('=');
    if (eq > 0) flags.set(arg.slice(2, eq), arg.slice(eq + 1));
    else if (argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('--')) flags.set(arg.slice(2), argv[++i]!);
    else flags.set(arg.slice(2), true);
  }
  return flags;
}

export function stringFlag(flags: Map<string, string | true>, name: string, fallback: string): string {
  const value = flags.get(name);
  if (value === true) throw new Error(`--${name} needs a value`);
  return value ?? fallback;
}

export function numberFlag(flags: Map<string, string | true>, name: string, fallback: number): number {
  const value = Number(stringFlag(flags, name, String(fallback)));
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
}

/** Today's calendar date in UTC+8, where every bench user lives. */
export function todayUtc8(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}
