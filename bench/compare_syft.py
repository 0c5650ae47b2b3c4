#!/usr/bin/env python3
"""Compare Bulkhead's SBOM with Syft's and Trivy's, package by package (stdlib only).

Usage: compare_syft.py OUT_DIR SOURCE...   (SOURCE: dir:ROOTFS, docker-archive:FILE, oci:DIR, oci-archive:FILE)
Environment: BULKHEAD_BIN, SYFT, TRIVY (binaries); NETNS=0 disables `unshare -n`.
Packages are keyed by (purl type, normalised name, version); OS packages (deb, apk, rpm) and
language packages are compared; the SBOM's own subject and operating-system components are not.
"""
import json, os, subprocess, sys, time

def run(cmd, env=None, out=None):
    wrap = [] if os.environ.get("NETNS") == "0" else ["unshare", "-n", "--"]
    t = time.monotonic()
    with open(out, "w") as f:
        p = subprocess.run(wrap + cmd, stdout=f, stderr=subprocess.PIPE, text=True, env={**os.environ, **(env or {})})
    return p.returncode, time.monotonic() - t, p.stderr[-2000:]

def norm(t, name):
    n = name.lower()
    if t == "pypi":
        for ch in "_.":
            n = n.replace(ch, "-")
    return n

def load(path):
    try:
        d = json.load(open(path))
    except Exception as e:
        return None, f"unreadable: {e}"
    out = set()
    for c in d.get("components", []):
        purl = c.get("purl", "")
        if not purl.startswith("pkg:"):
            continue
        t = purl[4:].split("/", 1)[0]
        out.add((t, norm(t, c.get("name", "")), c.get("version", "")))
    return out, None

def edges(path):
    """Package-to-package dependency edges of a CycloneDX file, as ((type,name,version), (type,name,version))."""
    try:
        d = json.load(open(path))
    except Exception:
        return None
    key = {}
    for c in d.get("components", []):
        purl = c.get("purl", "")
        if purl.startswith("pkg:"):
            t = purl[4:].split("/", 1)[0]
            key[c.get("bom-ref")] = (t, norm(t, c.get("name", "")), c.get("version", ""))
    out = set()
    for dep in d.get("dependencies", []):
        if dep.get("ref") in key:
            out |= {(key[dep["ref"]], key[t]) for t in dep.get("dependsOn", []) if t in key}
    return out

def main():
    out_dir, sources = sys.argv[1], sys.argv[2:]
    os.makedirs(out_dir, exist_ok=True)
    bulkhead, syft, trivy = os.environ["BULKHEAD_BIN"], os.environ["SYFT"], os.environ["TRIVY"]
    summary = []
    for i, src in enumerate(sources):
        kind, _, path = src.partition(":")
        b_out, s_out, t_out = (f"{out_dir}/{i}-{tool}.cdx.json" for tool in ("bulkhead", "syft", "trivy"))
        rb, tb, eb = run([bulkhead, "sbom", src, "-f", "cyclonedx"], out=b_out)
        syft_src = "oci-dir:" + path if kind == "oci" else src  # syft names OCI layouts oci-dir:
        rs, ts, es = run([syft, "-q", syft_src, "-o", "cyclonedx-json"], env={"SYFT_CHECK_FOR_APP_UPDATE": "false"}, out=s_out)
        trivy_cmd = {"dir": ["rootfs", path], "docker-archive": ["image", "--input", path], "oci": ["image", "--input", path]}.get(kind)
        tenv = {"TRIVY_SKIP_VERSION_CHECK": "1", "TRIVY_DISABLE_TELEMETRY": "1", "TRIVY_SKIP_DB_UPDATE": "1", "TRIVY_OFFLINE_SCAN": "1"}
        rt, tt, et = (run([trivy] + trivy_cmd + ["-q", "-f", "cyclonedx"], env=tenv, out=t_out) if trivy_cmd
                      else (None, 0.0, "trivy cannot read this source kind (oci-archive: untar it first)"))
        b, berr = load(b_out)
        row = {"source": src, "bulkhead": {"exit": rb, "seconds": round(tb, 3), "error": berr or (eb if rb else None)}}
        print(f"== {src}")
        print(f"   bulkhead exit {rb} {tb:.2f}s  syft exit {rs} {ts:.2f}s  trivy exit {rt} {tt:.2f}s")
        for name, pth, rc in (("syft", s_out, rs), ("trivy", t_out, rt)):
            o, oerr = load(pth) if rc == 0 else (None, "did not run")
            if b is None or o is None:
                print(f"   vs {name}: not compared ({berr or oerr})")
                row[name] = {"error": berr or oerr}
                continue
            both, only_b, only_o = b & o, sorted(b - o), sorted(o - b)
            agree = 100.0 * len(both) / max(1, len(b | o))
            print(f"   vs {name}: both {len(both)}  only bulkhead {len(only_b)}  only {name} {len(only_o)}  agreement {agree:.1f}%")
            for x in only_b[:20]: print(f"      only bulkhead: {x}")
            for x in only_o[:20]: print(f"      only {name}: {x}")
            row[name] = {"both": len(both), "onlyBulkhead": only_b, "onlyPeer": only_o, "agreementPercent": round(agree, 2)}
            eb_, eo_ = edges(b_out), edges(pth)
            if eb_ is not None and eo_ is not None and eo_:
                print(f"   dependency edges vs {name}: both {len(eb_ & eo_)}  only bulkhead {len(eb_ - eo_)}  only {name} {len(eo_ - eb_)}")
                for x in sorted(eo_ - eb_)[:5]: print(f"      edge only {name}: {x}")
                row[name]["edges"] = {"both": len(eb_ & eo_), "onlyBulkhead": len(eb_ - eo_), "onlyPeer": len(eo_ - eb_)}
        summary.append(row)
    json.dump(summary, open(f"{out_dir}/compare-syft.json", "w"), indent=1)
    print(f"Summary: {out_dir}/compare-syft.json")

if __name__ == "__main__":
    main()
