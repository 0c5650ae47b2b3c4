#!/usr/bin/env python3
"""Sanity checks for the labelled secrets corpus (run: python3 check_labels.py).

1. labels.tsv / spans.tsv / lookalikes.tsv are well formed and every row points at an
   existing, non-empty line of a file under files/;
2. no line is both a labelled secret and a look-alike; spans contain their label line;
3. each labelled line matches the shape of its kind (e.g. an aws-access-key-id line holds
   AKIA/ASIA + 16 chars);
4. no strongly-shaped token (AWS key id, GitHub/GitLab/Slack/Stripe/npm/PyPI/SendGrid token,
   PEM private key header) occurs on an unlabelled line outside a span, except documented
   examples and obvious placeholders.
Exit status 1 on any problem.
"""
import csv
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
FILES = os.path.join(HERE, "files")

SHAPES = {
    "aws-access-key-id": r"\b(AKIA|ASIA)[A-Z2-7]{16}\b",
    "aws-secret-access-key": r"(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+])",
    "aws-session-token": r"IQoJb3JpZ2luX2Vj[A-Za-z0-9/+=]{300,}",
    "github-token": r"\b(gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})\b",
    "gitlab-token": r"glpat-[A-Za-z0-9_-]{20}",
    "slack-token": r"xox[bpar]-[0-9A-Za-z-]{20,}|xapp-1-",
    "slack-webhook": r"https://hooks\.slack\.com/services/T[A-Z0-9]+/B[A-Z0-9]+/[A-Za-z0-9]{24}",
    "stripe-key": r"\b(sk|rk)_(live|test)_[A-Za-z0-9]{24,}|whsec_[A-Za-z0-9]{32}",
    "twilio": r"\b(SK[0-9a-f]{32}|[0-9a-f]{32}|[A-Za-z0-9]{32})\b",
    "sendgrid": r"SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}",
    "npm-token": r"npm_[A-Za-z0-9]{36}",
    "pypi-token": r"pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}",
    "jwt": r"eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+",
    "private-key": r"-----BEGIN [A-Z ]*PRIVATE KEY( BLOCK)?-----",
    "gcp-service-account": r"-----BEGIN PRIVATE KEY-----\\n",
    "azure-connection-string": r"(AccountKey|SharedAccessKey)=[A-Za-z0-9/+]{40,}={0,2}",
    "database-url": r"[a-z+]+://[^:/@\s]*:[^@\s]{8,}@|[a-z]+:[^@\s]{8,}@tcp\(|[?&]password=[^&\s]{8,}",
    "database-connection-string": r"(Password|PWD)=[^;]{8,};",
    "docker-config-auth": r'"auth"\s*:\s*"[A-Za-z0-9+/=]{12,}"',
    "netrc-password": r"\bpassword\s+\S{8,}",
    "kubeconfig-token": r"token:\s*\S{20,}",
    "kubeconfig-client-key": r"client-key-data:\s*LS0tLS1CRUdJTi",
    "k8s-secret-data": r":\s*[A-Za-z0-9+/]{12,}={0,2}\s*$",
    "basic-auth": r"(Basic [A-Za-z0-9+/=]{16,}|_auth=[A-Za-z0-9+/=]{16,}|-u \"[^:\"]+:[^\"]{8,}\")",
    "url-password": r"https://[^:/@\s]+:[^@\s]{8,}@",
    "generic-password": r"\S{8,}",
    "generic-secret": r"\S{16,}",
}

# strongly shaped tokens that must never appear unlabelled (outside spans)
STRONG = re.compile(
    r"\b(AKIA|ASIA)[A-Z2-7]{16}\b|\bgh[pousr]_[A-Za-z0-9]{36}\b|github_pat_[A-Za-z0-9_]{60,}|glpat-[A-Za-z0-9_-]{20}"
    r"|xox[bpar]-\d|hooks\.slack\.com/services/T|\b[sr]k_(live|test)_[A-Za-z0-9]{20,}|SG\.[A-Za-z0-9_-]{22}\."
    r"|\bnpm_[A-Za-z0-9]{36}\b|pypi-AgEIcHlwaS5vcmc|-----BEGIN [A-Z ]*PRIVATE KEY|eyJ[A-Za-z0-9_-]{10,}\.eyJ")
ALLOWED_UNLABELLED = ("AKIAIOSFODNN7EXAMPLE", "sk_test_4eC39HqLyjWDarjtT1zdp7dc", "xoxb-not-a-real-token",
                      "T00000000/B00000000/XXXXXXXX", "SG.xxxxxxxx", "ghp_xxxxxxxx", "glpat-xxxxxxxx", "sk_test_xxxxxxxx",
                      "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ")


def read_tsv(name, header):
    with open(os.path.join(HERE, name), newline="") as f:
        rows = list(csv.reader(f, delimiter="\t"))
    if rows[0] != header:
        sys.exit(f"{name}: header is {rows[0]}, expected {header}")
    return rows[1:]


def main():
    problems = []
    cache = {}

    def line_of(path, n):
        if path not in cache:
            full = os.path.join(FILES, path)
            if not os.path.isfile(full):
                return None
            with open(full, encoding="utf-8") as f:
                cache[path] = f.read().split("\n")
        lines = cache[path]
        return lines[n - 1] if 1 <= n <= len(lines) else None

    labels = read_tsv("labels.tsv", ["file", "line", "kind"])
    spans = read_tsv("spans.tsv", ["file", "line", "start", "end"])
    looks = read_tsv("lookalikes.tsv", ["file", "line", "category"])
    seen = set()
    for row in labels:
        if len(row) != 3 or not row[1].isdigit() or not re.fullmatch(r"[a-z0-9-]+", row[2]):
            problems.append(f"labels.tsv: malformed row {row}")
            continue
        f, n, kind = row[0], int(row[1]), row[2]
        if (f, n) in seen:
            problems.append(f"labels.tsv: duplicate {f}:{n}")
        seen.add((f, n))
        text = line_of(f, n)
        if text is None:
            problems.append(f"labels.tsv: {f}:{n} does not exist")
        elif not text.strip():
            problems.append(f"labels.tsv: {f}:{n} is empty")
        elif kind in SHAPES and not re.search(SHAPES[kind], text):
            problems.append(f"labels.tsv: {f}:{n} does not look like {kind}: {text[:100]}")
        elif kind not in SHAPES:
            problems.append(f"labels.tsv: unknown kind {kind} at {f}:{n} (add it to SHAPES)")
    span_ranges = {}
    for row in spans:
        f, n, s, e = row[0], int(row[1]), int(row[2]), int(row[3])
        if (f, n) not in seen:
            problems.append(f"spans.tsv: {f}:{n} is not a label")
        if not s <= n <= e or line_of(f, e) is None:
            problems.append(f"spans.tsv: bad span {row}")
        span_ranges.setdefault(f, []).append((s, e))
    for row in looks:
        f, n = row[0], int(row[1])
        if line_of(f, n) is None:
            problems.append(f"lookalikes.tsv: {f}:{n} does not exist")
        if (f, n) in seen:
            problems.append(f"lookalikes.tsv: {f}:{n} is also a labelled secret")
    # unlabelled strong tokens
    for root, _, names in os.walk(FILES):
        for name in names:
            rel = os.path.relpath(os.path.join(root, name), FILES)
            line_of(rel, 1)
            for i, text in enumerate(cache.get(rel, []), 1):
                if (rel, i) in seen or any(s <= i <= e for s, e in span_ranges.get(rel, [])):
                    continue
                for m in STRONG.finditer(text):
                    if not any(a in text for a in ALLOWED_UNLABELLED):
                        problems.append(f"unlabelled token-shaped string at {rel}:{i}: {text[:100]}")
                        break
    total = sum(os.path.getsize(os.path.join(r, n)) for r, _, ns in os.walk(FILES) for n in ns)
    nfiles = sum(len(ns) for _, _, ns in os.walk(FILES))
    print(f"{nfiles} files, {total / 1e6:.2f} MB; {len(labels)} labelled secret lines, {len(spans)} spans, "
          f"{len(looks)} look-alike lines")
    for p in problems:
        print("PROBLEM:", p)
    print("OK" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
