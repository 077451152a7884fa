#!/usr/bin/env bash
# Benchmark smoke test: scale 0.01 on SQLite and PostgreSQL, every scenario for 1 s with no warm-up (Pond, bare route and in-process driver).
# Asserts only that everything completes with zero errors wherever Pond has the endpoint; timings are not judged.
# PostgreSQL comes from POND_BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test).
set -euo pipefail
cd "$(dirname "$0")/.."

# --fresh: the databases are rebuilt every run (about 15 s each), so nothing left by an earlier run is measured.
npm run --silent bench:data -- --scale 0.01 --engine both --fresh
for engine in sqlite postgres; do
  npm run --silent bench -- --engine "$engine" --scale 0.01 --ci
done
echo "bench ci: both engines completed with zero errors"
