#!/usr/bin/env python3
"""Driver of bench/vuln-speed: import timing, DB size, match time per 1,000 packages."""
import json
import os
import random
import re
import subprocess
import sys
import time

import yaml
from packaging.version import InvalidVersion, Version

out_dir, osv = sys.argv[1], sys.argv[2]
os.makedirs(out_dir, exist_ok=True)
bulkhead = os.environ["BULKHEAD_BIN"]
runs = int(os.environ.get("RUNS", "5"))
images = os.environ.get("IMAGES", "")
db = os.path.join(out_dir, "vuln.db")
sources = [os.path.join(osv, d) for d in ("pypa", "go", "ubuntu-sample", "osv-linter-testdata")]

best_import = None
for i in range(runs):
    if os.path.exists(db):
        os.remove(db)
    t = time.perf_counter()
    r = subprocess.run([bulkhead, "db", "import", "--db", db] + sources, capture_output=True, text=True)
    elapsed = time.perf_counter() - t
    if r.returncode != 0:
        sys.exit("import failed: " + r.stderr)
    records = int(re.search(r"imported (\d+) records", r.stdout).group(1))
    if best_import is None or elapsed < best_import[0]:
        best_import = (elapsed, records)
size = os.path.getsize(db)
print(f"import: {best_import[1]} OSV records in {best_import[0]:.2f} s (best of {runs}) = "
      f"{best_import[1] / best_import[0]:.0f} records/s; database {size / 1048576:.1f} MiB")

# A 1,000-package CycloneDX SBOM drawn from the corpus: real package names at versions the
# advisories list (a worst case: most packages hit several advisories).
rng = random.Random(1000)
candidates = []
latest = {}
for eco_dir, eco in (("pypa", "pypi"), ("go", "golang")):
    for dirpath, _, files in os.walk(os.path.join(osv, eco_dir)):
        for f in files:
            path = os.path.join(dirpath, f)
            rec = yaml.safe_load(open(path)) if f.endswith(".yaml") else json.load(open(path))
            for a in rec.get("affected") or []:
                name = (a.get("package") or {}).get("name")
                versions = a.get("versions") or []
                if name and versions:
                    candidates.append((eco, name, str(rng.choice(versions))))
                if name:
                    latest.setdefault((eco, name), set()).update(
                        str(e["fixed"]) for r in a.get("ranges") or [] if r.get("type") != "GIT"
                        for e in r.get("events") or [] if "fixed" in e)
rng.shuffle(candidates)
seen, components = set(), []
for eco, name, version in candidates:
    if (eco, name, version) in seen:
        continue
    seen.add((eco, name, version))
    if eco == "golang":
        ns, _, base = name.rpartition("/")
        purl = f"pkg:golang/{ns}/{base}@{version}" if ns else f"pkg:golang/{base}@{version}"
    else:
        purl = f"pkg:pypi/{name.lower()}@{version}"
    components.append({"type": "library", "name": name, "version": version, "purl": purl, "bom-ref": purl})
    if len(components) == 1000:
        break
sbom = os.path.join(out_dir, "corpus-1000.cdx.json")
json.dump({"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1, "metadata": {"component": {"type": "container", "name": "corpus-1000"}},
           "components": components}, open(sbom, "w"))

def match(source):
    best = None
    for _ in range(runs):
        r = subprocess.run([bulkhead, "image", source, "--db", db, "-f", "json", "-o", os.devnull, "--db-max-age", "100000d"],
                           capture_output=True, text=True, env={**os.environ, "BULKHEAD_TIMINGS": "1"})
        m = re.search(r"match ([\d.]+) ms for (\d+) packages, (\d+) findings", r.stderr)
        if not m:
            sys.exit(f"no timing from {source}: {r.stderr}")
        ms, n, findings = float(m.group(1)), int(m.group(2)), int(m.group(3))
        if best is None or ms < best[0]:
            best = (ms, n, findings)
    return best

def write_sbom(path, items):
    comps = []
    for eco, name, version in items:
        if eco == "golang":
            ns, _, base = name.rpartition("/")
            purl = f"pkg:golang/{ns}/{base}@{version}" if ns else f"pkg:golang/{base}@{version}"
        else:
            purl = f"pkg:pypi/{name.lower()}@{version}"
        comps.append({"type": "library", "name": name, "version": version, "purl": purl, "bom-ref": purl})
    json.dump({"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
               "metadata": {"component": {"type": "container", "name": os.path.basename(path)}}, "components": comps}, open(path, "w"))

# 1,000 packages that advisories name, each at a version past every fix the corpus knows
# (a patched image: every lookup hits rows and evaluates ranges, few findings).
def past(versions):
    best = None
    for v in versions:
        try:
            pv = Version(v.lstrip("v"))
        except InvalidVersion:
            continue
        if best is None or pv > best:
            best = pv
    return None if best is None else f"{best.release[0]}.{(best.release[1] if len(best.release) > 1 else 0) + 1}.0"

patched = []
for (eco, name), fixes in sorted(latest.items()):
    v = past(fixes)
    if v:
        patched.append((eco, name, v))
rng.shuffle(patched)
patched_sbom = os.path.join(out_dir, "patched-1000.cdx.json")
write_sbom(patched_sbom, patched[:1000])

targets = [("patched-1000 SBOM (names with advisories, versions past every fix)", patched_sbom),
           ("corpus-1000 SBOM (versions the advisories list: worst case)", sbom)]
if os.path.exists(os.path.join(images, "secdemo-docker.tar")):
    targets.insert(0, ("secdemo image", "docker-archive:" + os.path.join(images, "secdemo-docker.tar")))
for label, source in targets:
    ms, n, findings = match(source)
    per = ms * 1000 / n if n else 0
    print(f"match: {label}: {n} packages, {findings} findings, {ms:.1f} ms (best of {runs}) = {per:.1f} ms per 1,000 packages "
          f"[goal < 50 ms: {'ok' if per < 50 else 'MISSED'}]")
