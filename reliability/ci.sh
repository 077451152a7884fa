#!/usr/bin/env bash
# The reliability drills, short enough for CI (about five minutes): kill -9 under a write load (20 cycles on
# SQLite and on PostgreSQL), PostgreSQL crashing and coming back under load, a full disk under SQLite, and two
# Pond processes behind a proxy on one PostgreSQL, worker processes killed mid-job or racing for jobs, and newsletter
# workers killed at random while they send an issue to 2,000 recipients (4 on PostgreSQL, 1 on SQLite), and the
# morning run for 200 salespeople with its workers killed at random (2 on PostgreSQL, 1 on SQLite).
# Each prints its figures; any broken invariant fails the run.
# PostgreSQL comes from POND_RELIABILITY_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test).
set -euo pipefail
cd "$(dirname "$0")/.."
url="${POND_RELIABILITY_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"
npx tsx reliability/kill-cycles.ts --engine sqlite --cycles 20 | tail -1
npx tsx reliability/kill-cycles.ts --engine postgres --cycles 20 --database-url "$url" | tail -1
npx tsx reliability/pg-restart.ts --restarts 3 | tail -1
npx tsx reliability/disk-full.ts | tail -1
npx tsx reliability/cluster.ts --database-url "$url" | tail -1
npx tsx reliability/jobs.ts --engine sqlite | tail -1
npx tsx reliability/jobs.ts --engine postgres --database-url "$url" | tail -1
npx tsx reliability/newsletters.ts --engine postgres --workers 4 --recipients 2000 --database-url "$url" | tail -1
npx tsx reliability/newsletters.ts --engine sqlite --workers 1 --recipients 2000 | tail -1
npx tsx reliability/morning.ts --engine postgres --workers 2 --users 200 --database-url "$url" | tail -1
# One worker alone: killed every second or so, so that each new one gets through some jobs before the next kill.
npx tsx reliability/morning.ts --engine sqlite --workers 1 --users 200 --kill-every-ms 1000 | tail -1
echo "reliability drills: all passed"
