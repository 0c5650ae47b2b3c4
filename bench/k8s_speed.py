#!/usr/bin/env python3
"""Driver of bench/k8s-speed: best-of-RUNS wall time and peak RSS for each command."""
import json
import os
import re
import subprocess
import sys
import time

out_dir, corpus = sys.argv[1], sys.argv[2]
os.makedirs(out_dir, exist_ok=True)
bulkhead, checkov, runs = os.environ["BULKHEAD_BIN"], os.environ["CHECKOV"], int(os.environ.get("RUNS", "3"))
files = sorted(os.path.join(r, n) for r, _, ns in os.walk(corpus) for n in ns
               if n.endswith((".yaml", ".yml", ".json")) and "check-definitions" not in r)

def measure(label, cmd):
    best = None
    for _ in range(runs):
        t = time.perf_counter()
        p = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, capture_output=True, text=True)
        wall = time.perf_counter() - t
        rss = int(re.findall(r"(\d+)\s*$", p.stderr.strip())[-1]) / 1024
        if best is None or wall < best[0]:
            best = (wall, rss)
    print(f"{label:<22} {best[0] * 1000:9.0f} ms   peak RSS {best[1]:7.1f} MiB")
    return best

print(f"{len(files)} manifest files under {corpus}, best of {runs}")
b = measure("bulkhead k8s", [bulkhead, "k8s", *files, "-f", "json", "-o", os.devnull, "--fail-on", "none"])
floor = measure("YAML parse floor", [bulkhead, "k8s", "--parse-only", *files])
c = measure("checkov", [checkov, "-d", corpus, "--framework", "kubernetes", "--skip-download", "-o", "json",
                        "--skip-path", "check-definitions", "--quiet"])
print(f"bulkhead vs checkov: {c[0] / b[0]:.0f}x faster (goal >= 100x), RSS {b[1]:.0f} vs {c[1]:.0f} MiB")
print(f"bulkhead vs parse floor: {b[0] / floor[0]:.2f}x (goal <= 2x)")
json.dump({"bulkhead": b, "floor": floor, "checkov": c, "files": len(files)}, open(os.path.join(out_dir, "k8s-speed.json"), "w"))
