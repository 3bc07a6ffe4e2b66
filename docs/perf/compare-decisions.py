#!/usr/bin/env python3
"""Compares two `qoeflow sim --decisions` files line by line: same keys, same strings, numbers
equal to 1e-9 relative (the same sums in another order differ in their last digits)."""
import json
import math
import sys


def same(a, b, path, bad):
    if isinstance(a, dict) and isinstance(b, dict):
        if a.keys() != b.keys():
            bad.append((path, "keys", sorted(a), sorted(b)))
            return
        for k in a:
            same(a[k], b[k], path + "." + k, bad)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            bad.append((path, "length", len(a), len(b)))
            return
        for i, (x, y) in enumerate(zip(a, b)):
            same(x, y, f"{path}[{i}]", bad)
    elif isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        if not (a == b or math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)):
            bad.append((path, a, b))
    elif a != b:
        bad.append((path, a, b))


def main(left, right):
    a = open(left).read().splitlines()
    b = open(right).read().splitlines()
    bad = []
    if len(a) != len(b):
        bad.append(("lines", len(a), len(b)))
    for i, (x, y) in enumerate(zip(a, b)):
        same(json.loads(x), json.loads(y), f"line {i + 1}", bad)
    print(f"{len(a)} decisions compared, {len(bad)} differences beyond 1e-9 relative")
    for d in bad[:10]:
        print(d)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
