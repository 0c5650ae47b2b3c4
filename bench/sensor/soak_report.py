#!/usr/bin/env python3
"""Report and verdict of bench/sensor-soak.

argv: SAMPLES_TSV OUT_JSON; run metadata in SK_* environment variables. Exit 0 when the sensor
exited cleanly and its RSS grew at most SK_MAX_GROWTH % from the 2nd sample to the last, else 1.
"""
import csv
import json
import os
import sys

samples_path, out_path = sys.argv[1], sys.argv[2]
env = os.environ
clk_tck = int(env.get("SK_CLK_TCK", "100"))
max_growth = float(env.get("SK_MAX_GROWTH", "20"))
elapsed = int(env["SK_ELAPSED_NS"]) / 1e9


def num(v):
    return None if v in ("", "-") else float(v)


samples = []
with open(samples_path, newline="") as f:
    for r in csv.DictReader(f, delimiter="\t"):
        samples.append({"seconds": int(r["seconds"]), "rss_kib": num(r["rss_kib"]),
                        "cpu_seconds": int(r["cpu_ticks"]) / clk_tck, "events": num(r["events"]),
                        "drops": num(r["drops"]), "healthz": None if r["healthz"] == "-" else r["healthz"]})

stats = None
if os.path.exists(env["SK_STATS"]) and os.path.getsize(env["SK_STATS"]) > 0:
    with open(env["SK_STATS"]) as f:
        stats = json.load(f)

counts = {}
for name in ("exec", "open", "connect", "accept", "fs"):
    p = os.path.join(env["SK_COUNTS"], f"count.{name}")
    if os.path.exists(p):
        with open(p) as f:
            text = f.read().strip()
        counts[name] = int(text) if text.isdigit() else None

rc, hung, died_early = int(env["SK_RC"]), env["SK_HUNG"] == "1", env["SK_DIED_EARLY"] == "1"
sig = env.get("SK_SIGNAL", "INT")
failures = []
if died_early:
    failures.append("the sensor died during the soak")
if hung:
    failures.append(f"the sensor did not exit after SIG{sig} and was killed")
if rc != 0 and not hung:
    failures.append(f"exit status {rc}" + (f" (signal {rc - 128})" if rc > 128 else ""))
if stats is None:
    failures.append("no stats file")
clean = not failures


def mib(kib):
    return "n/a" if kib is None else f"{kib / 1024:.1f} MiB"


rss = [s["rss_kib"] for s in samples if s["rss_kib"] is not None]
growth = None
if len(rss) >= 3:  # the 2nd sample and a later one
    growth = (rss[-1] - rss[1]) / rss[1] * 100
if growth is not None and growth > max_growth:
    failures.append(f"RSS grew {growth:.1f} % from the 2nd sample to the last (limit {max_growth:g} %)")

print(f"Sensor soak: {env.get('SK_VERSION') or 'bulkhead'} ({env.get('SK_REV', '?')}); nproc {env.get('SK_NPROC')}, "
      f"kernel {env.get('SK_KERNEL')}; pinning: {env.get('SK_PIN')}")
print(f"Load average before {env.get('SK_LOAD_BEFORE')}, after {env.get('SK_LOAD_AFTER')}")
print()
print(f"duration:      {elapsed:,.1f} s of load (asked {env.get('SK_SECONDS')} s)"
      + (f"; sensor elapsed {stats['elapsed_seconds']:,.1f} s" if stats else ""))
load = ", ".join(f"{v:,} {k}" for k, v in counts.items() if v is not None)
if load:
    print(f"load:          {load} (execs, file opens, TCP connects made and accepted, fs operations)")
if stats:
    print(f"events:        {stats['events']:,} ({stats['events'] / elapsed:,.0f}/s over the load; "
          f"sensor's own figure {stats.get('events_per_second', 0):,.0f}/s)")
    top = sorted(stats.get("events_by_type", {}).items(), key=lambda kv: -kv[1])[:8]
    if top:
        print("               " + ", ".join(f"{k} {v:,}" for k, v in top))
    print(f"ring drops:    {stats.get('ring_drops', 0):,}")
    print(f"alerts:        {stats.get('alerts', 0):,}")
else:
    print("events:        n/a (no stats file)")
if rss:
    print(f"RSS samples:   {len(rss)} (every {env.get('SK_SAMPLE')} s): first {mib(rss[0])}, "
          f"2nd {mib(rss[1] if len(rss) > 1 else None)}, last {mib(rss[-1])}, max {mib(max(rss))}"
          + (f"; max_rss_bytes {stats['max_rss_bytes'] / 2**20:.1f} MiB" if stats and stats.get("max_rss_bytes") else ""))
else:
    print("RSS samples:   none")
print("RSS growth:    " + (f"{growth:+.1f} % (2nd sample to last; limit +{max_growth:g} %)"
                           if growth is not None else "n/a (fewer than 3 samples)"))
if samples:
    cpu = samples[-1]["cpu_seconds"]
    span = max(samples[-1]["seconds"], 1)
    print(f"sensor CPU:    {cpu:,.1f} s ({cpu / span * 100:.1f} % of one CPU, start-up included)")
health = [s["healthz"] for s in samples if s["healthz"] is not None]
if health:
    print(f"/healthz:      {health.count('ok')}/{len(health)} ok")
drops_series = [s["drops"] for s in samples if s["drops"] is not None]
if drops_series and drops_series[-1]:
    first = next(s["seconds"] for s in samples if s["drops"])
    print(f"               drops first seen in /metrics at t={first} s")
print("exit:          " + (f"clean (status 0 after SIG{sig})" if clean else "; ".join(
    f for f in failures if not f.startswith("RSS"))))
print()
print("PASS" if not failures else "FAIL: " + "; ".join(failures))

result = {
    "machine": {"nproc": int(env.get("SK_NPROC", "0")), "kernel": env.get("SK_KERNEL"),
                "load_average_before": env.get("SK_LOAD_BEFORE"), "load_average_after": env.get("SK_LOAD_AFTER"),
                "pinning": env.get("SK_PIN")},
    "bulkhead": {"path": env.get("SK_BIN"), "version": env.get("SK_VERSION"), "revision": env.get("SK_REV"),
                 "rules": env.get("SK_RULES"), "metrics": env.get("SK_METRICS")},
    "soak_seconds": int(env.get("SK_SECONDS", "0")), "elapsed_seconds": elapsed,
    "sample_seconds": int(env.get("SK_SAMPLE", "0")), "load_counts": counts,
    "stats": stats, "exit_status": rc, "killed_after_timeout": hung, "died_during_soak": died_early,
    "clean_exit": clean, "rss_growth_percent": growth, "max_rss_growth_percent": max_growth,
    "samples": samples, "failures": failures, "pass": not failures, "log": env.get("SK_LOG"),
}
with open(out_path, "w") as f:
    json.dump(result, f, indent=1)
    f.write("\n")
print(f"Results: {out_path}")
sys.exit(1 if failures else 0)
