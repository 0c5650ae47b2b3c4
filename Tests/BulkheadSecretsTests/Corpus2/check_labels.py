#!/usr/bin/env python3
"""Check the held-out corpus labels (run from anywhere: python3 check_labels.py [CORPUS])."""
import csv, json, os, re, sys
import yaml

C = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
F = os.path.join(C, "files")


def tsv(n):
    with open(os.path.join(C, n), newline="") as f:
        rows = list(csv.reader(f, delimiter="\t"))
    return rows[0], [r for r in rows[1:] if r]


errs = []
hl, labels = tsv("labels.tsv")
hs, spans = tsv("spans.tsv")
hk, looks = tsv("lookalikes.tsv")
assert hl == ["file", "line", "kind"] and hs == ["file", "line", "start", "end"] and hk == ["file", "line", "category"]
text = {}


def line(f, n):
    if f not in text:
        text[f] = open(os.path.join(F, f), encoding="utf-8").read().split("\n")
    ls = text[f]
    return ls[n - 1] if 1 <= n <= len(ls) else None


L = {(f, int(n)): k for f, n, k in labels}
K = {(f, int(n)): k for f, n, k in looks}
if len(L) != len(labels): errs.append("duplicate label rows")
if len(K) != len(looks): errs.append("duplicate look-alike rows")
for (f, n), k in list(L.items()) + list(K.items()):
    t = line(f, n)
    if t is None or not t.strip():
        errs.append(f"{f}:{n} missing or empty")
for key in set(L) & set(K):
    errs.append(f"{key} is both a label and a look-alike")
SP = {}
for f, n, s, e in spans:
    n, s, e = int(n), int(s), int(e)
    if (f, n) not in L: errs.append(f"span {f}:{n} has no label")
    if not s <= n <= e: errs.append(f"span {f}:{n} not inside {s}..{e}")
    for k in K:
        if k[0] == f and s <= k[1] <= e: errs.append(f"look-alike {k} inside span {f}:{s}-{e}")
    SP.setdefault(f, []).append((s, e))

# shape of each label's line by kind (loose)
SHAPE = {
    "aws-access-key-id": r"\b(AKIA|ASIA)[A-Z2-7]{16}\b", "aws-secret-access-key": r"[A-Za-z0-9/+]{40}",
    "aws-session-token": r"IQoJb3JpZ2lu", "github-token": r"(gh[pousr]_[A-Za-z0-9]{36}|github_pat_)",
    "gitlab-token": r"glpat-", "slack-token": r"xox[bpar]-", "slack-webhook": r"hooks\.slack\.com/services/T",
    "stripe-key": r"(sk|rk)_live_|whsec_", "sendgrid": r"SG\.[\w-]{22}\.[\w-]{43}", "twilio": r"SK[0-9a-f]{32}|['\"][A-Za-z0-9]{32}['\"]",
    "npm-token": r"npm_[A-Za-z0-9]{36}", "pypi-token": r"pypi-AgEI", "private-key": r"-----BEGIN .*PRIVATE KEY-----",
    "jwt": r"eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+", "kubeconfig-token": r"eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+",
    "database-url": r"\w+(\+\w+)?://[^:/\s]*:[^@\s]+@", "database-connection-string": r"[Pp]assword=",
    "azure-connection-string": r"(AccountKey|SharedAccessKey)=", "docker-config-auth": r"\"?auth\"?|dockerconfigjson",
    "basic-auth": r"Basic [A-Za-z0-9+/=]{12,}", "k8s-secret-data": r"^\s+[\w.-]+: [A-Za-z0-9+/=]{12,}$",
    "gcp-service-account": r"BEGIN PRIVATE KEY", "url-password": r"https?://[^:\s]+:[^@\s]+@",
    "netrc-password": r"password ", "openai-key": r"sk-proj-", "anthropic-key": r"sk-ant-api03-",
    "huggingface-token": r"hf_[A-Za-z]{34}", "digitalocean-token": r"dop_v1_[0-9a-f]{64}", "shopify-token": r"shpat_[0-9a-f]{32}",
    "grafana-token": r"glc_", "postman-key": r"PMAK-", "sonarqube-token": r"squ_[0-9a-f]{40}",
    "telegram-bot-token": r"\d{9,10}:AA[\w-]{33}", "mailgun-key": r"key-[0-9a-f]{32}", "newrelic-key": r"[0-9a-f]{36}NRAL",
    "datadog-key": r"[0-9a-f]{32}", "azure-client-secret": r"8Q~", "databricks-token": r"dapi[0-9a-f]{32}",
    "atlassian-token": r"ATATT3", "vault-token": r"hvs\.", "age-secret-key": r"AGE-SECRET-KEY-1",
    "dockerhub-token": r"dckr_pat_", "cloudflare-token": r"\"[\w-]{40}\"",
    "generic-password": r".{8,}", "generic-secret": r".{16,}",
}
for (f, n), k in L.items():
    t = line(f, n) or ""
    if k not in SHAPE: errs.append(f"{f}:{n} unknown kind {k}")
    elif not re.search(SHAPE[k], t): errs.append(f"{f}:{n} does not look like {k}: {t[:100]}")

# token-shaped strings outside labels and spans
DOC = ["AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "pk_test_TYooMQauvdEDq54NiTphI7jx",
       "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"]
TOK = re.compile(r"\b(AKIA|ASIA)[A-Z2-7]{16}\b|gh[pousr]_[A-Za-z0-9]{36}|github_pat_|glpat-|xox[bpar]-[0-9]|sk_live_|rk_live_|"
                 r"whsec_|SG\.[\w-]{22}\.|npm_[A-Za-z0-9]{36}|pypi-AgEI|-----BEGIN [A-Z ]*PRIVATE KEY|eyJ[\w-]{10,}\.eyJ[\w-]{10,}\.|"
                 r"hooks\.slack\.com/services/T|dop_v1_|shpat_|hvs\.|sk-ant-|sk-proj-|\bhf_[A-Za-z]{30}|AGE-SECRET-KEY|dckr_pat_|"
                 r"glc_|PMAK-|squ_|dapi[0-9a-f]{32}|ATATT|ATBB|key-[0-9a-f]{32}")
for dp, _, fs in os.walk(F):
    for fn in fs:
        f = os.path.relpath(os.path.join(dp, fn), F)
        ls = open(os.path.join(F, f), encoding="utf-8").read().split("\n")
        for i, t in enumerate(ls, 1):
            if (f, i) in L or any(s <= i <= e for s, e in SP.get(f, [])):
                continue
            m = TOK.search(t)
            if m and not any(d in t for d in DOC) and "xxxx" not in t:
                errs.append(f"unlabelled token-shaped string {f}:{i}: {m.group(0)}")
        # syntax
        p = os.path.join(F, f)
        try:
            if f.endswith((".json", ".ipynb")) and "package-lock" not in f or f.endswith("package-lock.json"):
                json.load(open(p))
            elif f.endswith((".yml", ".yaml")) and "helm/" not in f and "cloud-init" not in f:
                list(yaml.safe_load_all(open(p)))
            elif f.endswith(".yaml") and "cloud-init" in f:
                yaml.safe_load(open(p))
        except Exception as e:
            if not f.startswith("ansible/") and "alertmanager" not in f:
                errs.append(f"{f}: does not parse: {str(e)[:120]}")
            elif "vault" not in str(e) and "alertmanager" not in f:
                errs.append(f"{f}: does not parse: {str(e)[:120]}")

for e in errs:
    print("ERROR", e)
print(f"{len(L)} labels, {len(SP) and sum(len(v) for v in SP.values())} spans, {len(K)} look-alikes; {len(errs)} problems")
sys.exit(1 if errs else 0)
