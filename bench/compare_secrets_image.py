"""Precision/recall of secret scanners on the peers' test image (secdemo:1.0).

Ground truth is what ../shared/peers/build-images.sh plants (its EXPECTED.txt): /app/settings.py
lines 1-3 (AWS key id, AWS secret, GitHub PAT), /app/id_rsa (an RSA key: any line of the block),
/root/.aws/credentials lines 2-3 (layer 2 only: layer 3 deletes it), and GITHUB_TOKEN in the image
config Env. Image-aware tools scan the image (Bulkhead, Trivy: every layer and the config);
directory tools (detect-secrets, Checkov) scan the unpacked final root filesystem, which is all they
can read: what only the layers or the config hold counts as missed for them.

    python3 bench/compare_secrets_image.py [--tools bulkhead,trivy,checkov,detect-secrets]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
SCRATCH = os.environ.get("SCRATCH") or os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "bulkhead-peers")
PEERS_VENV = os.environ.get("PEERS_VENV") or os.path.join(SCRATCH, "peers-venv")
IMAGES = os.path.join(SCRATCH, "images")
ARCHIVE = os.path.join(IMAGES, "secdemo-docker.tar")
OUT = os.path.join(HERE, "out", "compare-secrets-image")

TRUTH = {("/app/settings.py", 1), ("/app/settings.py", 2), ("/app/settings.py", 3), ("/app/id_rsa", 1),
         ("/root/.aws/credentials", 2), ("/root/.aws/credentials", 3), ("config", 0)}


def key(path, line):
    """Maps a reported (path, line) onto a truth key: key blocks by file, config by field."""
    if path == "config":
        return ("config", 0)
    if not path.startswith("/"):
        path = "/" + path.lstrip("./")
    if path == "/app/id_rsa":
        return (path, 1)
    return (path, line)


def run(cmd, cwd=None, env=None):
    t0 = time.monotonic()
    p = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    wall = time.monotonic() - t0
    try:
        return json.loads(p.stdout), wall
    except json.JSONDecodeError:
        sys.exit(f"{cmd[0]}: exit {p.returncode}, output is not JSON: {(p.stderr or p.stdout)[-800:]}")


def ns():
    if os.environ.get("NETNS", "1") != "0" and subprocess.run(["unshare", "-n", "--", "true"], capture_output=True).returncode == 0:
        return ["unshare", "-n", "--"]
    return []


def bulkhead():
    b = os.environ.get("BULKHEAD_BIN") or os.path.join(REPO, ".build", "debug", "bulkhead")
    data, wall = run(ns() + [b, "image", ARCHIVE, "--scanners", "secret", "-f", "json"])
    out = []
    for t in data.get("targets") or []:
        for f in t.get("findings") or []:
            loc = f.get("location") or {}
            fp = loc.get("fieldPath") or ""
            out.append(("config", 0) if fp.startswith("config.") or fp.startswith("history") else key(loc.get("file", ""), loc.get("line") or 0))
    return out, wall


def trivy():
    cache = tempfile.mkdtemp(prefix="trivy-cache-")
    data, wall = run(ns() + [os.path.join(PEERS_VENV, "bin", "trivy"), "image", "--input", ARCHIVE, "--scanners", "secret",
                             "--image-config-scanners", "secret", "-f", "json", "--quiet", "--cache-dir", cache])
    out = []
    for r in data.get("Results") or []:
        for s in r.get("Secrets") or []:
            target = r.get("Target", "")
            out.append(("config", 0) if not target.startswith("/") or target == ARCHIVE else key(target, int(s.get("StartLine") or 0)))
    return out, wall


def rootfs():
    root = os.path.join(OUT, "unpacked")
    if not os.path.isdir(os.path.join(root, "rootfs", "app")):
        subprocess.run(["rm", "-rf", root])
        subprocess.run(["umoci", "unpack", "--image", os.path.join(IMAGES, "secdemo-oci-dir") + ":1.0", root], check=True, capture_output=True)
    return os.path.join(root, "rootfs")


def detect_secrets():
    root = rootfs()
    ds = os.path.join(PEERS_VENV, "bin", "detect-secrets-upstream")
    data, wall = run(ns() + [ds, "scan", "--all-files", "."], cwd=root)
    return [key(f, int(i["line_number"])) for f, items in (data.get("results") or {}).items() for i in items], wall


def checkov():
    root = rootfs()
    data, wall = run(ns() + [os.path.join(PEERS_VENV, "bin", "checkov"), "-d", root, "--framework", "secrets",
                             "--enable-secret-scan-all-files", "-o", "json", "--skip-download", "--quiet", "--compact"])
    out = []
    for block in data if isinstance(data, list) else [data]:
        for c in ((block or {}).get("results") or {}).get("failed_checks") or []:
            f = c.get("file_abs_path") or c.get("file_path") or ""
            if f.startswith(root):
                f = f[len(root):]
            out.append(key(f, int(c["file_line_range"][0])))
    return out, wall


TOOLS = {"bulkhead": bulkhead, "trivy": trivy, "detect-secrets": detect_secrets, "checkov": checkov}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tools", default="bulkhead,trivy,checkov,detect-secrets")
    ap.add_argument("--json", metavar="OUT")
    a = ap.parse_args()
    if not os.path.exists(ARCHIVE):
        sys.exit(f"no test image at {ARCHIVE}: run ../shared/peers/build-images.sh {IMAGES}")
    os.makedirs(OUT, exist_ok=True)
    print(f"image: {ARCHIVE}   planted secrets: {len(TRUTH)}")
    print(f"{'tool':<16}{'reported':>9}{'TP':>5}{'FP':>5}{'FN':>5}{'precision':>11}{'recall':>8}{'F1':>7}{'wall s':>8}")
    results = {}
    for name in a.tools.split(","):
        found, wall = TOOLS[name]()
        reported = set(found)
        tp = reported & TRUTH
        fp = reported - TRUTH
        fn = TRUTH - reported
        p = len(tp) / len(reported) if reported else 0.0
        r = len(tp) / len(TRUTH)
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        print(f"{name:<16}{len(reported):>9}{len(tp):>5}{len(fp):>5}{len(fn):>5}{p:>11.3f}{r:>8.3f}{f1:>7.3f}{wall:>8.2f}")
        results[name] = {"precision": p, "recall": r, "f1": f1, "wall": wall,
                         "false_positives": sorted(map(list, fp))[:50], "missed": sorted(map(list, fn))}
        if fn:
            print(f"    missed: {', '.join(f'{p}:{l}' if p != 'config' else 'config Env' for p, l in sorted(fn))}")
        if fp:
            print(f"    false positives: {len(fp)} (first: {', '.join(f'{p}:{l}' for p, l in sorted(fp)[:5])})")
    if a.json:
        with open(a.json, "w") as f:
            json.dump(results, f, indent=2)


if __name__ == "__main__":
    main()
