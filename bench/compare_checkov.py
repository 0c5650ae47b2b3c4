#!/usr/bin/env python3
"""Driver of bench/compare-checkov: per (file, resource, check) pass/fail of Checkov vs Bulkhead."""
import json
import os
import re
import subprocess
import sys

out_dir, corpus = sys.argv[1], os.path.realpath(sys.argv[2])  # checkov finds nothing under a path with /../
os.makedirs(out_dir, exist_ok=True)
bulkhead, checkov = os.environ["BULKHEAD_BIN"], os.environ["CHECKOV"]

# Checkov check -> (Bulkhead rule, text the message must contain). Only checks with the same
# question on both sides; see bench/README.md for the ones left out and why.
MAP = {
    "CKV_K8S_8": ("KS206", ""), "CKV_K8S_9": ("KS207", ""),
    "CKV_K8S_10": ("KS205", "cpu"), "CKV_K8S_12": ("KS205", "memory"),
    "CKV_K8S_11": ("KS204", "cpu"), "CKV_K8S_13": ("KS204", "memory"),
    "CKV_K8S_14": ("KS201", ""), "CKV_K8S_15": ("KS203", ""),
    "CKV_K8S_16": ("KS100", " privileged:"), "CKV_K8S_17": ("KS100", "hostPID"),
    "CKV_K8S_18": ("KS100", "hostIPC"), "CKV_K8S_19": ("KS100", "hostNetwork"),
    "CKV_K8S_20": ("KS100", "allowPrivilegeEscalation:"), "CKV_K8S_21": ("KS211", ""),
    "CKV_K8S_22": ("KS208", ""), "CKV_K8S_23": ("KS100", "runAsNonRoot:"),
    "CKV_K8S_37": ("KS100", "capabilities_restricted:"), "CKV_K8S_38": ("KS210", ""),
    "CKV_K8S_43": ("KS202", ""), "CKV_K8S_31": ("KS100", "seccompProfile_restricted:"),
}
WORKLOADS = {"Pod", "Deployment", "DaemonSet", "StatefulSet", "ReplicaSet", "ReplicationController", "Job", "CronJob"}

skip = ["polaris"]
cmd = [checkov, "-d", corpus, "--framework", "kubernetes", "--skip-download", "-o", "json",
       "--check", ",".join(MAP)] + sum([["--skip-path", s] for s in skip], [])
r = subprocess.run(cmd, capture_output=True, text=True)
try:
    data = json.loads(r.stdout)
except json.JSONDecodeError:
    sys.exit("checkov output is not JSON: " + r.stderr[-2000:])
data = data if isinstance(data, list) else [data]
ck = {}  # (file, kind, name, check) -> failed?
for block in data:
    res = block.get("results", {})
    for status, failed in (("passed_checks", False), ("failed_checks", True)):
        for c in res.get(status, []):
            parts = c["resource"].split(".")
            if len(parts) < 3:
                continue
            kind, name = parts[0], ".".join(parts[2:])
            if kind not in WORKLOADS:
                continue
            f = c["file_path"].lstrip("/")
            ck[(f, kind, name, c["check_id"])] = ck.get((f, kind, name, c["check_id"]), False) or failed

files = []
for root, dirs, names in os.walk(corpus):
    if any(s in os.path.relpath(root, corpus).split(os.sep) for s in skip):
        continue
    files += [os.path.join(root, n) for n in names if n.endswith((".yaml", ".yml", ".json"))]
b = subprocess.run([bulkhead, "k8s", *sorted(files), "-f", "json", "--fail-on", "none"], capture_output=True, text=True)
report = json.loads(b.stdout)
ours = {}  # (file, kind, name) -> list of (rule, message)
for t in report["targets"]:
    f = os.path.relpath(t["name"], corpus)
    for x in t["findings"]:
        m = re.match(r"([A-Za-z]+)/(.+?): ", x["message"])
        if m:
            ours.setdefault((f, m.group(1), m.group(2)), []).append((x["ruleId"], x["message"]))

per = {}
diffs = []
for (f, kind, name, check), failed in sorted(ck.items()):
    rule, needle = MAP[check]
    hits = [m for (r_, m) in ours.get((f, kind, name), []) if r_ == rule and needle in m]
    ok = bool(hits) == failed
    a = per.setdefault(check, [0, 0])
    a[0] += ok
    a[1] += 1
    if not ok:
        diffs.append({"file": f, "resource": f"{kind}/{name}", "check": check, "checkov": "FAILED" if failed else "PASSED",
                      "bulkhead": hits[0] if hits else "no finding"})
total_ok = sum(a for a, _ in per.values())
total = sum(n for _, n in per.values())
print(f"{'check':<12} {'rule':<6} agree")
for check in sorted(per, key=lambda c: int(c.split("_")[-1])):
    a, n = per[check]
    print(f"{check:<12} {MAP[check][0]:<6} {a}/{n} ({100 * a / n:.1f}%)")
print(f"overall: {total_ok}/{total} = {100 * total_ok / max(total, 1):.1f}% on {len({k[:3] for k in ck})} workloads in {len(files)} files")
json.dump({"per_check": per, "disagreements": diffs}, open(os.path.join(out_dir, "compare-checkov.json"), "w"), indent=1)
print(f"disagreements: {len(diffs)} (details in {out_dir}/compare-checkov.json)")
