"""Prints the issue-11 verdict table from law-table.sh's runs: law-table.py OUT NAME SEED...

The rule is Backtest.verdict's: capture (best_static - closed) / (best_static - oracle) >= 0.8 or
p95 within 3% of the oracle's; p95 not above best-static's; success >= best-static's - 0.0005;
<= 1 weight reversal per node per minute."""
import json
import os
import sys

out, name, seeds = sys.argv[1], sys.argv[2], [int(s) for s in sys.argv[3:]]


def load(*parts):
    with open(os.path.join(out, *parts, "summary.json")) as f:
        return json.load(f)


met = {}
print("| scenario | " + " | ".join(f"seed {s}: closed p95 / success | best-static | oracle | capture | verdict" for s in seeds) + " |")
print("|---|" + "---|---|---:|---:|---|" * len(seeds))
scenarios = sorted(d for d in os.listdir(os.path.join(out, name, f"seed{seeds[0]}"))
                   if os.path.isdir(os.path.join(out, name, f"seed{seeds[0]}", d)))
for sc in scenarios:
    cells = []
    for s in seeds:
        c = load(name, f"seed{s}", sc, "closed-loop")
        b = load("ref", f"seed{s}", sc, "best-static")
        o = load("ref", f"seed{s}", sc, "oracle")
        gain = b["p95_ms"] - o["p95_ms"]
        cap = (b["p95_ms"] - c["p95_ms"]) / gain if gain > 0 else (1.0 if c["p95_ms"] <= b["p95_ms"] else 0.0)
        missed = []
        if cap < 0.8 and c["p95_ms"] > 1.03 * o["p95_ms"]:
            missed.append("capture < 0.8")
        if c["p95_ms"] > b["p95_ms"]:
            missed.append("p95 above best-static")
        if c["success_rate"] < b["success_rate"] - 0.0005:
            missed.append("success lower")
        if c["weight_reversals_per_node_per_minute"] > 1.0:
            missed.append("reversals > 1/node/min")
        verdict = "met" if not missed else "missed: " + ", ".join(missed)
        met[s] = met.get(s, 0) + (not missed)
        cells.append(f"{c['p95_ms']:.0f} / {c['success_rate']:.4f} | {b['best_static']} {b['p95_ms']:.0f} / "
                     f"{b['success_rate']:.4f} | {o['p95_ms']:.0f} | {cap:.2f} | {verdict}")
    print(f"| {sc} | " + " | ".join(cells) + " |")
print()
for s in seeds:
    print(f"seed {s}: met {met[s]} of {len(scenarios)}")
