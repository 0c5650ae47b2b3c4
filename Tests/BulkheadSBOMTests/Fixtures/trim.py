#!/usr/bin/env python3
"""Trims real SBOMs (and the generating tool's own JSON) into small test fixtures.

    trim.py cdx IN OUT           CycloneDX: drop cpe/authors/external references/dependencies;
                                 keep each component's type, name, version, licenses, purl and
                                 the cataloger/type/first-location/source properties
    trim.py spdx IN OUT          SPDX: drop files and file relationships; keep packages with their
                                 purl reference, licenses, sourceInfo and the DESCRIBES graph
    trim.py syft-purls IN OUT    sorted purls of `syft -o json` artifacts
    trim.py trivy-purls IN OUT   sorted purls of `trivy -f json --list-all-pkgs` packages
"""
import json
import sys

KEEP_PROPERTIES = ("syft:package:foundBy", "syft:package:type", "syft:location:0:path", "syft:location:0:layerID",
                   "aquasecurity:trivy:PkgType", "aquasecurity:trivy:FilePath", "aquasecurity:trivy:LayerDiffID",
                   "aquasecurity:trivy:SrcName", "aquasecurity:trivy:SrcVersion")


def trim_component(c):
    out = {k: c[k] for k in ("bom-ref", "type", "name", "version", "description", "licenses", "purl") if k in c}
    props = [p for p in c.get("properties", []) if p["name"] in KEEP_PROPERTIES]
    if props:
        out["properties"] = props
    if "components" in c:
        out["components"] = [trim_component(x) for x in c["components"]]
    return out


def cdx(doc):
    doc.pop("dependencies", None)
    doc.pop("vulnerabilities", None)
    doc["components"] = [trim_component(c) for c in doc.get("components", [])]
    return doc


def spdx(doc):
    doc.pop("files", None)
    packages = {p["SPDXID"] for p in doc["packages"]}
    doc["relationships"] = [r for r in doc["relationships"] if r["relationshipType"] == "DESCRIBES"
                            or (r["spdxElementId"] in packages and r["relatedSpdxElement"] in packages
                                and r["relationshipType"] == "CONTAINS")]
    keep = ("name", "SPDXID", "versionInfo", "downloadLocation", "sourceInfo", "licenseConcluded", "licenseDeclared",
            "copyrightText", "checksums", "primaryPackagePurpose", "description")
    trimmed = []
    for p in doc["packages"]:
        q = {k: p[k] for k in keep if k in p}
        q["filesAnalyzed"] = False
        refs = [r for r in p.get("externalRefs", []) if r["referenceType"] == "purl"]
        if refs:
            q["externalRefs"] = refs
        if "sourceInfo" in q:  # keep the first location only
            head, sep, paths = q["sourceInfo"].partition(": ")
            q["sourceInfo"] = head + sep + paths.split(", ")[0] if sep else head
        trimmed.append(q)
    doc["packages"] = trimmed
    return doc


def syft_purls(doc):
    return sorted(a["purl"] for a in doc["artifacts"] if a.get("purl"))


def trivy_purls(doc):
    return sorted(p["Identifier"]["PURL"] for r in doc.get("Results", []) for p in r.get("Packages") or []
                  if p.get("Identifier", {}).get("PURL"))


if __name__ == "__main__":
    mode, src, dst = sys.argv[1:4]
    with open(src) as f:
        doc = json.load(f)
    with open(dst, "w") as f:
        if mode in ("cdx", "spdx"):
            json.dump({"cdx": cdx, "spdx": spdx}[mode](doc), f, separators=(",", ":"))
            f.write("\n")
        else:
            f.write("".join(p + "\n" for p in {"syft-purls": syft_purls, "trivy-purls": trivy_purls}[mode](doc)))
