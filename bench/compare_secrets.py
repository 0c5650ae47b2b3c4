#!/usr/bin/env python3
"""Score secret scanners against the labelled corpus in Tests/BulkheadSecretsTests/Corpus.

Tools: bulkhead (BULKHEAD_BIN, default .build/debug/bulkhead; skipped when missing),
detect-secrets, trivy, checkov (from PEERS_VENV). Each tool scans Corpus/files; its findings
are reduced to de-duplicated (relative file, line) pairs and compared with labels.tsv:
  TP = reported pairs that are labelled, FP = reported pairs not labelled,
  FN = labelled pairs not reported.
A multi-line secret (PEM block, pretty-printed service-account JSON) is one label; spans.tsv
gives its line range and a finding on any line of the range counts as that label.
Look-alike lines (lookalikes.tsv) are only used to break FPs down by category.

  bench/compare-secrets                          # all tools, table
  bench/compare-secrets --details trivy          # FP and FN lines of one tool
  bench/compare-secrets --tools trivy,checkov --json out.json --by-kind

Exit status: 0 when every requested tool ran (a missing bulkhead binary is a skip, not an
error), 2 when a tool could not be run or its output could not be read.
"""
import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(BENCH)
DEFAULT_CORPUS = os.path.join(REPO, "Tests", "BulkheadSecretsTests", "Corpus")
SCRATCH = os.environ.get("SCRATCH") or os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "bulkhead-peers")
PEERS_VENV = os.environ.get("PEERS_VENV") or os.path.join(SCRATCH, "peers-venv")
ALL_TOOLS = ["bulkhead", "detect-secrets", "trivy", "checkov"]

TRIVY_ENV = {
    "TRIVY_DISABLE_TELEMETRY": "true", "TRIVY_SKIP_VERSION_CHECK": "true", "TRIVY_NO_PROGRESS": "true",
    "TRIVY_SKIP_DB_UPDATE": "true", "TRIVY_SKIP_JAVA_DB_UPDATE": "true", "TRIVY_SKIP_CHECK_UPDATE": "true",
    "TRIVY_SKIP_VEX_REPO_UPDATE": "true", "TRIVY_OFFLINE_SCAN": "true", "TRIVY_CACHE_BACKEND": "memory",
}


class ToolError(Exception):
    pass


# ---------------------------------------------------------------------------------------------
def read_tsv(path):
    if not os.path.exists(path):
        return []
    with open(path, newline="") as f:
        rows = list(csv.reader(f, delimiter="\t"))
    return [r for r in rows[1:] if r]


class Truth:
    def __init__(self, corpus):
        self.corpus = corpus
        self.files = os.path.join(corpus, "files")
        if not os.path.isdir(self.files):
            sys.exit(f"error: no files/ directory in corpus {corpus}")
        self.labels = {(f, int(l)): k for f, l, k in read_tsv(os.path.join(corpus, "labels.tsv"))}
        if not self.labels:
            sys.exit(f"error: no labels in {corpus}/labels.tsv")
        self.spans = {}  # file -> [(start, end, label_line)]
        for f, l, s, e in read_tsv(os.path.join(corpus, "spans.tsv")):
            self.spans.setdefault(f, []).append((int(s), int(e), int(l)))
        self.looks = {(f, int(l)): c for f, l, c in read_tsv(os.path.join(corpus, "lookalikes.tsv"))}
        self._text = {}

    def canonical(self, f, line):
        if (f, line) in self.labels:
            return (f, line)
        for s, e, l in self.spans.get(f, []):
            if s <= line <= e:
                return (f, l)
        return (f, line)

    def text(self, f, line):
        if f not in self._text:
            try:
                with open(os.path.join(self.files, f), encoding="utf-8", errors="replace") as fh:
                    self._text[f] = fh.read().split("\n")
            except OSError:
                self._text[f] = []
        lines = self._text[f]
        return lines[line - 1] if 1 <= line <= len(lines) else "<no such line>"


def rel(path, root):
    """Normalise a reported path (absolute, ./relative or /relative-to-root) to root-relative."""
    if not path:
        return path
    root_real = os.path.realpath(root)
    if os.path.isabs(path):
        real = os.path.realpath(path)
        if real == root_real or real.startswith(root_real + os.sep):
            return os.path.relpath(real, root_real)
        # checkov style: '/x/y' relative to the scanned dir
        if os.path.exists(os.path.join(root_real, path.lstrip("/"))):
            return os.path.normpath(path.lstrip("/"))
        return path
    return os.path.normpath(path[2:] if path.startswith("./") else path)


# ---------------------------------------------------------------------------------------------
def netns_prefix():
    if os.environ.get("NETNS", "1") == "0":
        return []
    try:
        if subprocess.run(["unshare", "-n", "--", "true"], capture_output=True).returncode == 0:
            return ["unshare", "-n", "--"]
    except FileNotFoundError:
        pass
    print("warning: 'unshare -n' not permitted; running tools with the normal network", file=sys.stderr)
    return []


def run(cmd, raw_path, cwd=None, env=None, ok_codes=(0, 1)):
    t0 = time.monotonic()
    p = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    wall = time.monotonic() - t0
    if raw_path:
        with open(raw_path, "w") as f:
            f.write(p.stdout)
        with open(raw_path + ".stderr", "w") as f:
            f.write(p.stderr)
    try:
        data = json.loads(p.stdout) if p.stdout.strip() else None
    except json.JSONDecodeError:
        data = None
    if data is None:
        tail = (p.stderr or p.stdout)[-1500:]
        raise ToolError(f"exit {p.returncode}, output is not JSON: {tail}")
    if p.returncode not in ok_codes:
        print(f"note: {cmd[0]} exited {p.returncode} (output parsed anyway)", file=sys.stderr)
    return data, wall, p.returncode


def tool_bulkhead(root, ns, raw):
    binp = os.environ.get("BULKHEAD_BIN") or os.path.join(REPO, ".build", "debug", "bulkhead")
    if not (os.path.isfile(binp) and os.access(binp, os.X_OK)):
        return None, f"no bulkhead binary at {binp} (set BULKHEAD_BIN)"
    extra = os.environ.get("BULKHEAD_ARGS", "").split()
    try:
        data, wall, rc = run(ns + [binp, "fs", root, "--scanners", "secret", "-f", "json", *extra], raw, ok_codes=range(0, 256))
    except ToolError as e:
        if "Unknown option '--scanners'" in str(e):
            return None, f"{binp} has no `fs --scanners secret` yet (stale build?)"
        raise
    pairs = []
    for t in data.get("targets") or []:
        for x in t.get("findings") or []:
            loc = x.get("location") or {}
            f, line = loc.get("file") or t.get("name"), loc.get("line")
            if f and line:
                pairs.append((rel(f, root), int(line), x.get("ruleId", "")))
    return (pairs, wall, rc), None


def tool_detect_secrets(root, ns, raw):
    ds = os.environ.get("DETECT_SECRETS") or os.path.join(PEERS_VENV, "bin", "detect-secrets-upstream")
    if not os.path.exists(ds):
        ds = os.path.join(PEERS_VENV + "-detect-secrets", "bin", "detect-secrets")
    if not os.path.exists(ds):
        raise ToolError(f"detect-secrets not found (looked for {ds})")
    # it must run from inside the tree: absolute paths outside the cwd are dropped silently
    data, wall, rc = run(ns + [ds, "scan", "--all-files", "."], raw, cwd=root)
    pairs = []
    for fname, items in (data.get("results") or {}).items():
        for it in items:
            pairs.append((rel(fname, root), int(it["line_number"]), it.get("type", "")))
    return (pairs, wall, rc), None


def tool_trivy(root, ns, raw):
    trivy = os.environ.get("TRIVY") or os.path.join(PEERS_VENV, "bin", "trivy")
    if not os.path.exists(trivy):
        raise ToolError(f"trivy not found at {trivy}")
    cache = tempfile.mkdtemp(prefix="trivy-cache-")
    env = dict(os.environ, TRIVY_CACHE_DIR=cache, **TRIVY_ENV)
    try:
        data, wall, rc = run(ns + [trivy, "fs", "--scanners", "secret", "-f", "json", "--quiet", root], raw, env=env, ok_codes=(0,))
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    pairs = []
    for r in data.get("Results") or []:
        for s in r.get("Secrets") or []:
            pairs.append((rel(r["Target"], root), int(s["StartLine"]), s.get("RuleID", "")))
    return (pairs, wall, rc), None


def tool_checkov(root, ns, raw):
    ck = os.environ.get("CHECKOV") or os.path.join(PEERS_VENV, "bin", "checkov")
    if not os.path.exists(ck):
        raise ToolError(f"checkov not found at {ck}")
    data, wall, rc = run(ns + [ck, "-d", root, "--framework", "secrets", "--enable-secret-scan-all-files",
                              "-o", "json", "--skip-download", "--quiet", "--compact"], raw)
    pairs = []
    for block in data if isinstance(data, list) else [data]:
        if not isinstance(block, dict):
            continue
        for c in (block.get("results") or {}).get("failed_checks") or []:
            f = c.get("file_abs_path") or c.get("file_path")
            pairs.append((rel(f, root), int(c["file_line_range"][0]), c.get("check_id", "")))
    return (pairs, wall, rc), None


TOOLS = {"bulkhead": tool_bulkhead, "detect-secrets": tool_detect_secrets, "trivy": tool_trivy, "checkov": tool_checkov}


# ---------------------------------------------------------------------------------------------
def score(truth, pairs):
    reported = {}
    for f, line, rule in pairs:
        reported.setdefault(truth.canonical(f, line), set()).add(rule)
    labelled = set(truth.labels)
    tp = sorted(set(reported) & labelled)
    fp = sorted(set(reported) - labelled)
    fn = sorted(labelled - set(reported))
    p = len(tp) / len(reported) if reported else 0.0
    r = len(tp) / len(labelled)
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    by_kind = {}
    for key, kind in truth.labels.items():
        k = by_kind.setdefault(kind, [0, 0])
        k[1] += 1
        k[0] += key in reported
    fp_cat = {}
    for key in fp:
        c = truth.looks.get(key, "unlisted")
        fp_cat[c] = fp_cat.get(c, 0) + 1
    return {"reported": len(reported), "tp": len(tp), "fp": len(fp), "fn": len(fn),
            "precision": round(p, 4), "recall": round(r, 4), "f1": round(f1, 4),
            "tp_pairs": tp, "fp_pairs": fp, "fn_pairs": fn,
            "rules": {f"{f}:{l}": sorted(v) for (f, l), v in reported.items()},
            "recall_by_kind": {k: {"found": a, "total": b} for k, (a, b) in sorted(by_kind.items())},
            "fp_by_category": dict(sorted(fp_cat.items(), key=lambda x: -x[1]))}


def trim(s, n=120):
    s = s.replace("\t", " ").strip()
    return s if len(s) <= n else s[: n - 3] + "..."


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=DEFAULT_CORPUS, help="corpus dir holding files/ and labels.tsv (default: %(default)s)")
    ap.add_argument("--tools", default=",".join(ALL_TOOLS), help="comma-separated subset of " + ",".join(ALL_TOOLS))
    ap.add_argument("--details", action="append", default=[], metavar="TOOL", help="print this tool's FP and FN lines (repeatable)")
    ap.add_argument("--by-kind", action="store_true", help="also print recall per secret kind and FPs per look-alike category")
    ap.add_argument("--json", metavar="OUT", help="write the numbers (and the FP/FN pairs) to this JSON file")
    ap.add_argument("--raw-dir", default=os.environ.get("OUT_DIR") and os.path.join(os.environ["OUT_DIR"], "compare-secrets-raw")
                    or os.path.join(BENCH, "out", "compare-secrets-raw"), help="where raw tool outputs go (default: %(default)s)")
    args = ap.parse_args()

    sys.stdout.reconfigure(line_buffering=True)
    tools = [t.strip() for t in args.tools.split(",") if t.strip()]
    for t in tools + args.details:
        if t not in TOOLS:
            ap.error(f"unknown tool {t}; choose from {', '.join(ALL_TOOLS)}")
    for t in args.details:
        if t not in tools:
            tools.append(t)
    truth = Truth(os.path.abspath(args.corpus))
    root = os.path.realpath(truth.files)
    os.makedirs(args.raw_dir, exist_ok=True)
    ns = netns_prefix()

    results, failed = {}, False
    for t in tools:
        raw = os.path.join(args.raw_dir, f"{t}.json")
        try:
            out, skip = TOOLS[t](root, ns, raw)
        except (ToolError, OSError) as e:
            print(f"error: {t}: {e}", file=sys.stderr)
            results[t] = {"status": "error", "error": str(e)}
            failed = True
            continue
        if skip:
            print(f"{t}: skipped: {skip}", file=sys.stderr)
            results[t] = {"status": "skipped", "reason": skip}
            continue
        pairs, wall, rc = out
        s = score(truth, pairs)
        s.update(status="ok", wall_s=round(wall, 2), exit_code=rc, raw_findings=len(pairs))
        results[t] = s

    n_labels, n_looks = len(truth.labels), len(truth.looks)
    print(f"corpus: {truth.files}")
    print(f"labelled secret lines: {n_labels}   look-alike lines: {n_looks}   network: {' '.join(ns) or 'not isolated'}")
    print()
    hdr = f"{'tool':<15}{'reported':>9}{'TP':>6}{'FP':>6}{'FN':>6}{'precision':>11}{'recall':>8}{'F1':>7}{'wall s':>8}"
    print(hdr)
    print("-" * len(hdr))
    for t in tools:
        r = results[t]
        if r["status"] != "ok":
            print(f"{t:<15}  {r['status']}: {trim(r.get('reason') or r.get('error', ''), 90)}")
            continue
        print(f"{t:<15}{r['reported']:>9}{r['tp']:>6}{r['fp']:>6}{r['fn']:>6}{r['precision']:>11.3f}{r['recall']:>8.3f}"
              f"{r['f1']:>7.3f}{r['wall_s']:>8.2f}")

    ok_tools = [t for t in tools if results[t]["status"] == "ok"]
    if args.by_kind and ok_tools:
        kinds = sorted({k for t in ok_tools for k in results[t]["recall_by_kind"]})
        print("\nrecall by kind (found/total)")
        print(f"{'kind':<28}" + "".join(f"{t:>16}" for t in ok_tools))
        for k in kinds:
            row = ""
            for t in ok_tools:
                v = results[t]["recall_by_kind"].get(k, {"found": 0, "total": 0})
                row += f"{str(v['found']) + '/' + str(v['total']):>16}"
            print(f"{k:<28}{row}")
        print("\nfalse positives by look-alike category ('unlisted' = line not in lookalikes.tsv)")
        cats = sorted({c for t in ok_tools for c in results[t]["fp_by_category"]})
        print(f"{'category':<28}" + "".join(f"{t:>16}" for t in ok_tools))
        for c in cats:
            print(f"{c:<28}" + "".join(f"{results[t]['fp_by_category'].get(c, 0):>16}" for t in ok_tools))

    for t in args.details:
        r = results.get(t, {})
        if r.get("status") != "ok":
            continue
        print(f"\n=== {t}: {r['fp']} false positives ===")
        for f, l in r["fp_pairs"]:
            cat = truth.looks.get((f, l), "-")
            rules = ",".join(r["rules"].get(f"{f}:{l}", []))
            print(f"FP {f}:{l} [{cat}] ({rules}) {trim(truth.text(f, l))}")
        print(f"\n=== {t}: {r['fn']} false negatives ===")
        for f, l in r["fn_pairs"]:
            print(f"FN {f}:{l} [{truth.labels[(f, l)]}] {trim(truth.text(f, l))}")

    if args.json:
        out = {"corpus": truth.files, "labels": n_labels, "lookalikes": n_looks, "network": " ".join(ns) or None,
               "tools": {}}
        for t, r in results.items():
            r = dict(r)
            for k in ("tp_pairs", "fp_pairs", "fn_pairs"):
                if k in r:
                    r[k] = [f"{f}:{l}" for f, l in r[k]]
            out["tools"][t] = r
        os.makedirs(os.path.dirname(os.path.abspath(args.json)), exist_ok=True)
        with open(args.json, "w") as f:
            json.dump(out, f, indent=2)
        print(f"\nwrote {args.json}")
    return 2 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
