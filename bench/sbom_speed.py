#!/usr/bin/env python3
"""Side-by-side SBOM speed: bulkhead vs syft vs trivy (cache cleared each run) vs the decompression floor.

Usage: sbom_speed.py OUT_DIR SOURCE...   (SOURCE: docker-archive:FILE, oci:DIR, oci-archive:FILE, dir:ROOTFS)
Environment: BULKHEAD_BIN, SYFT, TRIVY, RUNS (default 3; the median is reported for tools, the best run for the floor).
Every tool writes CycloneDX JSON to a file (so all serialise the same amount of output).
"""
import json, os, shutil, statistics, subprocess, sys, tarfile, tempfile, time, zlib

def timed(cmd, env=None, out=None):
    """Runs cmd under GNU time; returns (exit code, wall seconds, peak RSS MiB)."""
    fd, tfile = tempfile.mkstemp(); os.close(fd)
    full_env = dict(os.environ, **(env or {}))
    start = time.perf_counter()
    with open(out or os.devnull, "wb") as o:
        rc = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", tfile] + cmd, stdout=o, stderr=subprocess.DEVNULL, env=full_env).returncode
    wall = time.perf_counter() - start
    try:
        rss = int(open(tfile).read().strip().splitlines()[-1]) / 1024
    except Exception:
        rss = float("nan")
    os.unlink(tfile)
    return rc, wall, rss

# The floor uses the fastest gzip decompressor on the machine: ISA-L's igzip when installed
# (what Bulkhead itself links), else zlib.
IGZIP = shutil.which("igzip")

def decompress_stream(f):
    """Reads a file object to the end, decompressing gzip/zstd by magic; returns bytes produced."""
    head = f.read(4)
    n = 0
    if head[:2] == b"\x1f\x8b" and IGZIP:
        p = subprocess.Popen([IGZIP, "-dc"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
        p.stdin.write(head); shutil.copyfileobj(f, p.stdin, 1 << 20); p.stdin.close(); p.wait()
    elif head[:2] == b"\x1f\x8b":
        d = zlib.decompressobj(47)
        data = head
        while data:
            n += len(d.decompress(data)); data = f.read(1 << 20)
            if d.eof and d.unused_data:
                rest = d.unused_data; d = zlib.decompressobj(47); n += len(d.decompress(rest))
    elif head == b"\x28\xb5\x2f\xfd":
        p = subprocess.Popen(["zstd", "-dcq"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
        p.stdin.write(head); shutil.copyfileobj(f, p.stdin, 1 << 20); p.stdin.close(); p.wait()
    else:
        n = len(head)
        while True:
            b = f.read(1 << 20)
            if not b: break
            n += len(b)
    return n

def floor(kind, path):
    """Seconds to read every layer blob of the image and decompress it to nowhere."""
    start = time.perf_counter()
    if kind == "dir":
        for root, _, files in os.walk(path):
            for name in files:
                p = os.path.join(root, name)
                if os.path.isfile(p) and not os.path.islink(p):
                    with open(p, "rb") as f:
                        while f.read(1 << 20): pass
    elif kind == "oci":
        idx = json.load(open(os.path.join(path, "index.json")))
        seen = set()
        def layers(digest):
            doc = json.load(open(os.path.join(path, "blobs", *digest.split(":"))))
            for m in doc.get("manifests", []):
                yield from layers(m["digest"])
            for l in doc.get("layers", []):
                yield l["digest"]
        for m in idx["manifests"]:
            for d in layers(m["digest"]):
                if d in seen: continue
                seen.add(d)
                with open(os.path.join(path, "blobs", *d.split(":")), "rb") as f:
                    decompress_stream(f)
    else:
        with tarfile.open(path, "r:*") as t:
            for m in t:
                if m.isfile():
                    f = t.extractfile(m)
                    decompress_stream(f)
    return time.perf_counter() - start

def main():
    out_dir, sources = sys.argv[1], sys.argv[2:]
    os.makedirs(out_dir, exist_ok=True)
    bulkhead, syft, trivy = os.environ["BULKHEAD_BIN"], os.environ["SYFT"], os.environ["TRIVY"]
    runs = int(os.environ.get("RUNS", "3"))
    tenv = {"TRIVY_SKIP_VERSION_CHECK": "1", "TRIVY_DISABLE_TELEMETRY": "1", "TRIVY_SKIP_DB_UPDATE": "1",
            "TRIVY_OFFLINE_SCAN": "1"}
    results = []
    for src in sources:
        kind, path = src.split(":", 1)
        syft_src = "oci-dir:" + path if kind == "oci" else src
        trivy_cmd = {"dir": ["rootfs", path], "docker-archive": ["image", "--input", path], "oci": ["image", "--input", path]}.get(kind)
        row = {"source": src, "runs": runs, "floor_gzip": "igzip" if IGZIP else "zlib"}
        samples = {"bulkhead": [], "syft": [], "trivy": [], "floor": []}
        for _ in range(runs):
            samples["floor"].append((0, floor("oci" if kind == "oci" else ("dir" if kind == "dir" else "tar"), path), float("nan")))
            samples["bulkhead"].append(timed([bulkhead, "sbom", src, "-f", "cyclonedx", "-o", f"{out_dir}/bulkhead.cdx.json"]))
            samples["syft"].append(timed([syft, "-q", syft_src, "-o", f"cyclonedx-json={out_dir}/syft.cdx.json"],
                                         env={"SYFT_CHECK_FOR_APP_UPDATE": "false"}))
            if trivy_cmd:
                cache = tempfile.mkdtemp(prefix="trivy-cache-")
                samples["trivy"].append(timed([trivy] + trivy_cmd + ["-q", "--cache-dir", cache, "-f", "cyclonedx",
                                               "-o", f"{out_dir}/trivy.cdx.json"], env=tenv))
                shutil.rmtree(cache, ignore_errors=True)
        for tool, s in samples.items():
            if not s: continue
            # The floor is a lower bound, so its best run counts; tools get their median.
            pick = min if tool == "floor" else statistics.median
            row[tool] = {"wall_s": round(pick(x[1] for x in s), 3),
                         "rss_mib": round(statistics.median(x[2] for x in s), 1) if tool != "floor" else None,
                         "exit": [x[0] for x in s]}
        b = row["bulkhead"]["wall_s"]
        row["ratio_vs_syft"] = round(b / row["syft"]["wall_s"], 3)
        if "trivy" in row: row["ratio_vs_trivy"] = round(b / row["trivy"]["wall_s"], 3)
        row["ratio_vs_floor"] = round(b / row["floor"]["wall_s"], 3) if row["floor"]["wall_s"] > 0 else None
        results.append(row)
        t = row.get("trivy", {})
        print(f"{src}\n  bulkhead {b:.3f}s {row['bulkhead']['rss_mib']} MiB | syft {row['syft']['wall_s']:.3f}s "
              f"{row['syft']['rss_mib']} MiB | trivy {t.get('wall_s', float('nan')):.3f}s {t.get('rss_mib')} MiB | "
              f"floor {row['floor']['wall_s']:.3f}s ({row['floor_gzip']})\n  ratios: vs syft {row['ratio_vs_syft']}  vs trivy "
              f"{row.get('ratio_vs_trivy')}  vs floor {row['ratio_vs_floor']}", flush=True)
    json.dump(results, open(f"{out_dir}/sbom-speed.json", "w"), indent=1)
    print(f"Summary: {out_dir}/sbom-speed.json")

if __name__ == "__main__":
    main()
