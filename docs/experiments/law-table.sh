#!/usr/bin/env bash
# The issue-11 table for the law in this checkout, fast: the reference rows (best-static's
# 14-threshold sweep and the oracle) do not depend on the law, so they are run once per seed into
# OUT/ref/seedN and reused; the closed loop runs per seed into OUT/NAME/seedN. Then
# law-table.py prints each scenario's verdict by the rule of Backtest.verdict.
#   docs/experiments/law-table.sh OUT NAME "1 2 3 4 5" [--law name=value ...]
set -euo pipefail
out=$1; name=$2; seeds=$3; shift 3
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
"$root/qoeflow" --help > /dev/null # builds once, before the runs start in parallel
for s in $seeds; do
  if [ ! -f "$out/ref/seed$s/traffic-peak/oracle/summary.json" ]; then
    "$root/qoeflow" sim --scenario all --policy best-static,oracle --seed "$s" --report "$out/ref/seed$s" > "$out/ref-seed$s.log" 2>&1 &
  fi
done
wait
for s in $seeds; do
  "$root/qoeflow" sim --scenario all --policy closed-loop --seed "$s" --report "$out/$name/seed$s" "$@" > "$out/$name-seed$s.log" 2>&1 &
done
wait
python3 "$root/docs/experiments/law-table.py" "$out" "$name" $seeds
