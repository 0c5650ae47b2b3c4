#!/usr/bin/env python3
"""Compare Hadolint's and Bulkhead's DL findings (stdlib only).

Called by bench/compare-hadolint, which runs both tools and passes their raw
outputs. Findings are keyed by (file, line, DL code); a key found n times by
Hadolint and m times by Bulkhead counts min(n, m) as agreed and the rest as
hadolint-only / bulkhead-only.

  * Hadolint: ShellCheck codes (SC*) are skipped (Bulkhead runs shellcheck
    only with --shellcheck); DL1000 (parse error) is counted separately.
  * Bulkhead: a finding counts under each DLxxxx id in its `aliases`;
    findings without a DL alias (Bulkhead's own and BuildKit rules) are
    skipped; error diagnostics (parse errors) are counted separately.
  * Files where either tool reported a parse error are left out of the
    comparison (listed separately) unless --include-parse-error-files.

Exit 0 whatever the agreement; 3 when a tool failed to run or its output
cannot be read.
"""

import argparse
import collections
import datetime
import json
import os
import re
import sys

DL_RE = re.compile(r"^DL\d{4}$")
RULE_ID_RE = re.compile(r"^[A-Z][A-Za-z]*\d+$")

HADOLINT_OK_RC = {0, 1}  # 1 = findings
BULKHEAD_OK_RC = {0, 1, 3}  # 3 = an input could not be parsed (reported as a diagnostic)


def fail(msg, stderr_path=None):
    print(f"error: {msg}", file=sys.stderr)
    if stderr_path and os.path.exists(stderr_path):
        with open(stderr_path, encoding="utf-8", errors="replace") as f:
            tail = f.read()[-3000:]
        if tail.strip():
            print(f"--- {stderr_path} (tail) ---\n{tail}", file=sys.stderr)
    sys.exit(3)


def load_json(path, tool, stderr_path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        fail(f"{tool} output {path} is not valid JSON ({e})", stderr_path)


def norm(path):
    return os.path.realpath(path)


def parse_rules_table(path):
    """DL ids from `bulkhead rules`: third column of each rule row
    (e.g. `DF107  medium  DL3007  Base image uses ...`), comma-separated
    when a rule has several peer ids."""
    codes = {}
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            parts = line.split()
            if len(parts) < 3 or not RULE_ID_RE.match(parts[0]):
                continue
            for tok in re.split(r"[,/]", parts[2]):
                tok = tok.strip()
                if DL_RE.match(tok):
                    codes[tok] = parts[0]
    return codes


def pct(agreed, h_only, b_only):
    denom = agreed + h_only + b_only
    return None if denom == 0 else 100.0 * agreed / denom


def fmt_pct(p):
    return "n/a" if p is None else f"{p:.1f}%"


def one_line(s):
    return " ".join(str(s).split())


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--files", required=True, help="file with the linted paths, one per line")
    ap.add_argument("--rules", required=True, help="`bulkhead rules` output")
    for tool in ("hadolint", "bulkhead"):
        ap.add_argument(f"--{tool}-json", required=True)
        ap.add_argument(f"--{tool}-stderr")
        ap.add_argument(f"--{tool}-rc", type=int, required=True)
        ap.add_argument(f"--{tool}-version", default="")
        ap.add_argument(f"--{tool}-path", default="")
        ap.add_argument(f"--{tool}-seconds", type=float)
    ap.add_argument("--bulkhead-revision", default="")
    ap.add_argument("--offline", default="")
    ap.add_argument("--out-dir", required=True)
    ap.add_argument("--show", type=int, default=50, help="disagreements to print (all go to the TSV)")
    ap.add_argument("--include-parse-error-files", action="store_true")
    a = ap.parse_args()

    # ------------------------------------------------------------ inputs
    if a.hadolint_rc not in HADOLINT_OK_RC:
        fail(f"hadolint exited {a.hadolint_rc}", a.hadolint_stderr)
    if a.bulkhead_rc not in BULKHEAD_OK_RC:
        fail(f"bulkhead exited {a.bulkhead_rc}", a.bulkhead_stderr)
    h_raw = load_json(a.hadolint_json, "hadolint", a.hadolint_stderr)
    b_raw = load_json(a.bulkhead_json, "bulkhead", a.bulkhead_stderr)
    if not isinstance(h_raw, list):
        fail("hadolint JSON is not an array", a.hadolint_stderr)
    if not isinstance(b_raw, dict) or not isinstance(b_raw.get("targets"), list):
        fail("bulkhead JSON has no `targets` array", a.bulkhead_stderr)

    with open(a.files, encoding="utf-8") as f:
        files = [norm(l.rstrip("\n")) for l in f if l.strip()]
    file_set = set(files)
    dirs = [os.path.dirname(p) for p in files]
    base = os.path.commonpath(dirs) if dirs else os.getcwd()

    def rel(p):
        return os.path.relpath(p, base)

    rules_dl = parse_rules_table(a.rules)  # DL code -> Bulkhead rule id

    # ------------------------------------------------------------ hadolint
    h = collections.defaultdict(list)  # (file, line, code) -> [record]
    h_parse = {}  # file -> [record]
    h_sc = collections.Counter()
    h_other = collections.Counter()
    for r in h_raw:
        code = str(r.get("code", ""))
        path = norm(r.get("file", ""))
        rec = {"file": path, "line": int(r.get("line") or 0), "code": code,
               "severity": r.get("level", ""), "message": one_line(r.get("message", "")), "rule": code}
        if code.startswith("SC"):
            h_sc[code] += 1
        elif code == "DL1000":
            h_parse.setdefault(path, []).append(rec)
        elif DL_RE.match(code):
            h[(path, rec["line"], code)].append(rec)
        else:
            h_other[code] += 1

    # ------------------------------------------------------------ bulkhead
    b = collections.defaultdict(list)
    b_parse = {}
    b_non_dl = collections.Counter()
    b_targets = set()
    b_suppressed = 0
    for t in b_raw["targets"]:
        tname = norm(t.get("name", ""))
        b_targets.add(tname)
        b_suppressed += len(t.get("suppressed") or [])
        for d in t.get("diagnostics") or []:
            if d.get("level") == "error" or str(d.get("code", "")).startswith("parse-error"):
                loc = d.get("location") or {}
                b_parse.setdefault(tname, []).append({
                    "file": tname, "line": int(loc.get("line") or 0), "code": d.get("code", ""),
                    "message": one_line(d.get("message", ""))})
        for fnd in t.get("findings") or []:
            loc = fnd.get("location") or {}
            path = norm(loc.get("file") or t.get("name", ""))
            line = int(loc.get("line") or 0)
            dls = [x for x in (fnd.get("aliases") or []) if DL_RE.match(str(x))]
            if not dls:
                b_non_dl[fnd.get("ruleId", "?")] += 1
                continue
            for code in dls:
                b[(path, line, code)].append({
                    "file": path, "line": line, "code": code, "severity": fnd.get("severity", ""),
                    "message": one_line(fnd.get("message", "")), "rule": fnd.get("ruleId", "")})
    missing_targets = sorted(file_set - b_targets)

    # ------------------------------------------------------------ compare
    excluded = set()
    if not a.include_parse_error_files:
        excluded = set(h_parse) | set(b_parse)

    codes = set(rules_dl)
    codes.update(k[2] for k in h)
    codes.update(k[2] for k in b)
    stats = {c: collections.Counter() for c in codes}
    disagreements = []
    for key in sorted(set(h) | set(b)):
        path, line, code = key
        if path in excluded:
            continue
        hs, bs = h.get(key, []), b.get(key, [])
        n = min(len(hs), len(bs))
        s = stats[code]
        s["hadolint"] += len(hs)
        s["bulkhead"] += len(bs)
        s["agreed"] += n
        s["hadolintOnly"] += len(hs) - n
        s["bulkheadOnly"] += len(bs) - n
        for side, recs in (("hadolint-only", hs[n:]), ("bulkhead-only", bs[n:])):
            for r in recs:
                disagreements.append(dict(r, side=side))

    def totals(selected):
        t = collections.Counter()
        for c in selected:
            t.update(stats[c])
        return {k: t[k] for k in ("hadolint", "bulkhead", "agreed", "hadolintOnly", "bulkheadOnly")}

    overall = totals(codes)
    overall["agreementPercent"] = pct(overall["agreed"], overall["hadolintOnly"], overall["bulkheadOnly"])
    implemented = totals(c for c in codes if c in rules_dl)
    implemented["agreementPercent"] = pct(implemented["agreed"], implemented["hadolintOnly"], implemented["bulkheadOnly"])

    # ------------------------------------------------------------ outputs
    os.makedirs(a.out_dir, exist_ok=True)
    tsv_path = os.path.join(a.out_dir, "compare-hadolint-disagreements.tsv")
    with open(tsv_path, "w", encoding="utf-8") as f:
        f.write("file\tline\tcode\tside\trule\tseverity\tmessage\n")
        for d in disagreements:
            f.write("\t".join([rel(d["file"]), str(d["line"]), d["code"], d["side"], d["rule"],
                               str(d["severity"]), d["message"].replace("\t", " ")]) + "\n")

    rule_rows = []
    for c in sorted(codes):
        s = stats[c]
        rule_rows.append({
            "code": c, "bulkheadRule": rules_dl.get(c), "implementedByBulkhead": c in rules_dl,
            "hadolint": s["hadolint"], "bulkhead": s["bulkhead"], "agreed": s["agreed"],
            "hadolintOnly": s["hadolintOnly"], "bulkheadOnly": s["bulkheadOnly"],
            "agreementPercent": pct(s["agreed"], s["hadolintOnly"], s["bulkheadOnly"])})

    def parse_list(d):
        return [{"file": rel(p), "line": r["line"], "code": r["code"], "message": r["message"]}
                for p in sorted(d) for r in d[p]]

    summary = {
        "generatedAt": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "tools": {
            "hadolint": {"version": a.hadolint_version, "path": a.hadolint_path,
                         "exitCode": a.hadolint_rc, "wallSeconds": a.hadolint_seconds,
                         "command": "hadolint --no-color -f json -c EMPTY_CONFIG FILES..."},
            "bulkhead": {"version": a.bulkhead_version, "revision": a.bulkhead_revision,
                         "path": a.bulkhead_path, "exitCode": a.bulkhead_rc,
                         "wallSeconds": a.bulkhead_seconds,
                         "command": "bulkhead dockerfile -f json --no-config --fail-on none FILES...",
                         "dlRulesImplemented": sorted(rules_dl)},
        },
        "offlineWrapper": a.offline,
        "corpus": {"base": base, "files": len(files),
                   "compared": len(file_set - excluded),
                   "excludedForParseErrors": sorted(rel(p) for p in excluded),
                   "missingFromBulkheadOutput": [rel(p) for p in missing_targets]},
        "parseErrors": {"hadolint": parse_list(h_parse), "bulkhead": parse_list(b_parse)},
        "skipped": {"hadolintShellcheck": dict(sorted(h_sc.items())),
                    "hadolintOther": dict(sorted(h_other.items())),
                    "bulkheadWithoutDlAlias": dict(sorted(b_non_dl.items())),
                    "bulkheadSuppressedByPragma": b_suppressed},
        "rules": rule_rows,
        "overall": overall,
        "overallImplementedRules": implemented,
        "disagreements": len(disagreements),
        "disagreementsFile": tsv_path,
    }
    json_path = os.path.join(a.out_dir, "compare-hadolint.json")
    with open(json_path, "w", encoding="utf-8") as f:
        json.dump(summary, f, indent=2)
        f.write("\n")

    # ------------------------------------------------------------ report
    out = sys.stdout
    print(f"Hadolint {a.hadolint_version} vs Bulkhead {a.bulkhead_version} ({a.bulkhead_revision})", file=out)
    print(f"Corpus: {len(files)} Dockerfiles under {base}", file=out)
    if a.hadolint_seconds is not None and a.bulkhead_seconds is not None:
        print(f"Wall time (one invocation each): hadolint {a.hadolint_seconds:.2f} s, "
              f"bulkhead {a.bulkhead_seconds:.2f} s (see bench/lint-speed for real timings)", file=out)
    print(file=out)

    print(f"Parse errors: hadolint DL1000 in {len(h_parse)} file(s), "
          f"bulkhead error diagnostics in {len(b_parse)} file(s)", file=out)
    for side, d in (("hadolint", h_parse), ("bulkhead", b_parse)):
        for p in sorted(d)[:20]:
            r = d[p][0]
            print(f"  {side:8}  {rel(p)}:{r['line']}  {r['message'][:100]}", file=out)
    if excluded:
        print(f"  -> {len(excluded)} file(s) left out of the comparison "
              f"(--include-parse-error-files keeps them)", file=out)
    if missing_targets:
        print(f"warning: {len(missing_targets)} file(s) absent from Bulkhead's output, e.g. "
              f"{rel(missing_targets[0])}", file=out)
    print(f"Skipped: {sum(h_sc.values())} hadolint ShellCheck (SC*) findings"
          + (f", {sum(h_other.values())} other non-DL hadolint codes" if h_other else "")
          + f"; {sum(b_non_dl.values())} bulkhead findings without a DL alias"
          + (f" ({', '.join(f'{k} {v}' for k, v in sorted(b_non_dl.items()))})" if b_non_dl else "")
          + f"; {b_suppressed} bulkhead findings suppressed by pragmas", file=out)
    print(file=out)

    hdr = f"{'code':8} {'bulkhead':9} {'hadolint':>8} {'bulkhead':>8} {'agreed':>7} {'h-only':>7} {'b-only':>7} {'agree':>7}"
    print(hdr, file=out)
    print("-" * len(hdr), file=out)
    for r in rule_rows:
        print(f"{r['code']:8} {(r['bulkheadRule'] or '-'):9} {r['hadolint']:8} {r['bulkhead']:8} "
              f"{r['agreed']:7} {r['hadolintOnly']:7} {r['bulkheadOnly']:7} {fmt_pct(r['agreementPercent']):>7}",
              file=out)
    print("-" * len(hdr), file=out)
    for label, t in (("all", overall), ("impl.", implemented)):
        print(f"{label:8} {'':9} {t['hadolint']:8} {t['bulkhead']:8} {t['agreed']:7} "
              f"{t['hadolintOnly']:7} {t['bulkheadOnly']:7} {fmt_pct(t['agreementPercent']):>7}", file=out)
    print(file=out)
    print(f"Overall agreement (all DL codes): {fmt_pct(overall['agreementPercent'])} = "
          f"{overall['agreed']} / ({overall['agreed']} + {overall['hadolintOnly']} hadolint-only + "
          f"{overall['bulkheadOnly']} bulkhead-only)", file=out)
    print(f"On the {len(rules_dl)} DL rule(s) Bulkhead implements: {fmt_pct(implemented['agreementPercent'])} = "
          f"{implemented['agreed']} / ({implemented['agreed']} + {implemented['hadolintOnly']} + "
          f"{implemented['bulkheadOnly']})", file=out)
    print(file=out)

    print(f"Disagreements: {len(disagreements)} (all in {tsv_path})", file=out)
    shown = disagreements[:max(a.show, 0)]
    for d in shown:
        side = "H only" if d["side"] == "hadolint-only" else "B only"
        rule = "" if d["rule"] == d["code"] else f" [{d['rule']}]"
        print(f"  {rel(d['file'])}:{d['line']} {d['code']}{rule}  {side}  {d['message'][:110]}", file=out)
    if len(disagreements) > len(shown):
        print(f"  ... {len(disagreements) - len(shown)} more in the TSV", file=out)
    print(f"Summary: {json_path}", file=out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
