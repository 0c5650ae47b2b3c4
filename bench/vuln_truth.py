#!/usr/bin/env python3
"""Independent ground truth for PyPI matching: which PyPA advisories affect which installed packages.

Reads `name version` lines on stdin (the Python packages of a scan), walks an OSV directory of
PyPA YAML records, and prints `normalized-name advisory-id` for every non-withdrawn record whose
`versions` list contains the version or whose ECOSYSTEM ranges include it, compared with
Python's `packaging` (PEP 440). No Bulkhead code is involved.

usage: vuln_truth.py OSV_DIR < packages.txt
"""
import os
import re
import sys

import yaml
from packaging.version import InvalidVersion, Version


def normalize(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def affected(version, ranges, versions):
    try:
        v = Version(version)
    except InvalidVersion:
        return version in versions
    for listed in versions:
        try:
            if Version(listed) == v:
                return True
        except InvalidVersion:
            if listed == version:
                return True
    for r in ranges:
        if r.get("type") != "ECOSYSTEM":
            continue
        # Walk events in version order: the greatest event at or below v decides
        # (fixed wins a tie; last_affected is inclusive), per the OSV spec.
        events = []
        for e in r.get("events", []):
            (kind, value), = e.items()
            value = str(value)
            if kind == "introduced" and value == "0":
                events.append((Version("0.dev0"), -1, "introduced"))
                continue
            try:
                ev = Version(value)
            except InvalidVersion:
                continue
            events.append((ev, 0 if kind == "introduced" else 1, kind))
        state = False
        for ev, _, kind in sorted(events):
            if kind == "introduced" and ev <= v:
                state = True
            elif kind == "fixed" and ev <= v:
                state = False
            elif kind == "last_affected" and ev < v:
                state = False
        limits = [str(list(e.values())[0]) for e in r.get("events", []) if "limit" in e]
        if state and limits and not any(l == "*" or v < Version(l) for l in limits):
            state = False
        if state:
            return True
    return False


def main():
    root = sys.argv[1]
    installed = {}
    for line in sys.stdin:
        parts = line.split()
        if len(parts) == 2:
            installed.setdefault(normalize(parts[0]), set()).add(parts[1])
    hits = set()
    for dirpath, _, files in os.walk(root):
        for f in files:
            if not f.endswith((".yaml", ".yml", ".json")):
                continue
            with open(os.path.join(dirpath, f), encoding="utf-8") as fh:
                rec = yaml.safe_load(fh)
            if not isinstance(rec, dict) or rec.get("withdrawn"):
                continue
            for a in rec.get("affected") or []:
                pkg = a.get("package") or {}
                if pkg.get("ecosystem") != "PyPI":
                    continue
                name = normalize(str(pkg.get("name", "")))
                for version in installed.get(name, ()):
                    if affected(version, a.get("ranges") or [], [str(x) for x in a.get("versions") or []]):
                        hits.add((name, version, rec["id"]))
    for name, version, vid in sorted(hits):
        print(name, version, vid)


if __name__ == "__main__":
    main()
