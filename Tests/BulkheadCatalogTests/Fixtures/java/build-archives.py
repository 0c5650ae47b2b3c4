#!/usr/bin/env python3
"""Builds Java archive trees for BulkheadCatalogTests from the real jars in ./jars.

    build-archives.py happy OUT    wars/fat jars nesting the real jars (compared with Syft)
    build-archives.py hostile OUT  truncated, bad central directory, zip bombs, deep nesting

Everything inside is a real Debian jar or built from their entries; entry timestamps are fixed
so the output is byte-identical on every run.
"""
import io
import os
import shutil
import struct
import sys
import zipfile
import zlib

JARS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "jars")
STAMP = (2024, 1, 1, 0, 0, 0)


def real(name):
    with open(os.path.join(JARS, name), "rb") as f:
        return f.read()


def write_zip(path, entries, compression=zipfile.ZIP_DEFLATED):
    """entries: list of (name, bytes); bytes None makes a directory entry."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as z:
        for name, data in entries:
            info = zipfile.ZipInfo(name, STAMP)
            info.compress_type = zipfile.ZIP_STORED if data is None or name.endswith(".jar") else compression
            z.writestr(info, b"" if data is None else data)
    with open(path, "wb") as f:
        f.write(buf.getvalue())
    return buf.getvalue()


def entries_of(jar_bytes):
    with zipfile.ZipFile(io.BytesIO(jar_bytes)) as z:
        return [(i.filename, None if i.is_dir() else z.read(i)) for i in z.infolist()]


def happy(out):
    os.makedirs(os.path.join(out, "usr/share/java"), exist_ok=True)
    for name in ("jul-to-slf4j.jar", "atinject-jsr330-api-1.0.jar", "maven3-slf4j-provider.jar"):
        shutil.copy(os.path.join(JARS, name), os.path.join(out, "usr/share/java", name))
    os.makedirs(os.path.join(out, "var/jenkins_home/plugins"), exist_ok=True)
    shutil.copy(os.path.join(JARS, "guice-multibindings.jar"),
                os.path.join(out, "var/jenkins_home/plugins/guice-multibindings.hpi"))
    # A web application: the real aopalliance jar's manifest, two real jars in WEB-INF/lib.
    aop = entries_of(real("aopalliance-1.0.jar"))
    war = [e for e in aop if e[0].startswith("META-INF/")] + [
        ("WEB-INF/", None), ("WEB-INF/lib/", None),
        ("WEB-INF/lib/jul-to-slf4j.jar", real("jul-to-slf4j.jar")),
        ("WEB-INF/lib/atinject-jsr330-api-1.0.jar", real("atinject-jsr330-api-1.0.jar")),
    ]
    war_bytes = write_zip(os.path.join(out, "app/shop-2.4.1.war"), war)
    # A fat jar: the real maven3-slf4j-provider jar plus nested jars, one of them the war above
    # (so WEB-INF/lib jars sit two levels deep).
    fat = entries_of(real("maven3-slf4j-provider.jar")) + [
        ("BOOT-INF/", None), ("BOOT-INF/lib/", None),
        ("BOOT-INF/lib/guice-multibindings.jar", real("guice-multibindings.jar")),
        ("BOOT-INF/lib/shop.war", war_bytes),
    ]
    write_zip(os.path.join(out, "opt/app/service.jar"), fat)
    # An "executable" jar: a launcher script prepended to the real jar (offsets stay relative).
    os.makedirs(os.path.join(out, "opt/bin"), exist_ok=True)
    with open(os.path.join(out, "opt/bin/slf4j-provider-launcher.jar"), "wb") as f:
        f.write(b'#!/bin/sh\nexec java -jar "$0" "$@"\n' + real("maven3-slf4j-provider.jar"))
    # The real aopalliance jar's entries re-packed with ZIP64 records and extra fields.
    members = []
    for name, data in entries_of(real("aopalliance-1.0.jar")):
        data = data or b""
        c = zlib.compressobj(6, zlib.DEFLATED, -15)
        packed = c.compress(data) + c.flush()
        members.append((name, 8, packed, zlib.crc32(data), len(data)))
    raw_zip(os.path.join(out, "opt/zip64/aopalliance-1.0.jar"), members, zip64=True)


def bomb_entry(size):
    """A deflated stream of `size` zero bytes (about 1000:1)."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = bytes(1 << 20)
    parts = [c.compress(chunk) for _ in range(size >> 20)]
    parts.append(c.flush())
    return b"".join(parts), zlib.crc32(bytes(size)) if size <= (64 << 20) else 0


def raw_zip(path, members, zip64=False):
    """Writes a ZIP by hand: members are (name, method, data, crc, uncompressed_size). With
    zip64, every size/offset is saturated and carried by ZIP64 extra fields and end records."""
    out = bytearray()
    central = bytearray()
    sat = 0xFFFFFFFF
    for name, method, data, crc, usize in members:
        n = name.encode()
        offset = len(out)
        if zip64:
            local_extra = struct.pack("<HHQQ", 1, 16, usize, len(data))
            out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 45, 0, method, 0, 0x5821, crc, sat, sat, len(n),
                               len(local_extra)) + n + local_extra + data
            extra = struct.pack("<HHQQQ", 1, 24, usize, len(data), offset)
            central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 45, 45, 0, method, 0, 0x5821, crc, sat, sat,
                                   len(n), len(extra), 0, 0, 0, 0, sat) + n + extra
        else:
            out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0x5821, crc, len(data), usize, len(n), 0) + n + data
            central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, method, 0, 0x5821, crc, len(data), usize,
                                   len(n), 0, 0, 0, 0, 0, offset) + n
    directory_offset = len(out)
    tail = bytearray(central)
    if zip64:
        record_offset = directory_offset + len(central)
        tail += struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, len(members), len(members), len(central),
                            directory_offset)
        tail += struct.pack("<IIQI", 0x07064B50, 0, record_offset, 1)
        tail += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 0xFFFF, 0xFFFF, sat, sat, 0)
    else:
        tail += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), directory_offset, 0)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(bytes(out + tail))


def hostile(out):
    good = real("aopalliance-1.0.jar")
    os.makedirs(os.path.join(out, "lib"), exist_ok=True)
    with open(os.path.join(out, "lib/aopalliance-1.0.jar"), "wb") as f:
        f.write(good)
    jul = real("jul-to-slf4j.jar")
    with open(os.path.join(out, "lib/truncated-1.0.jar"), "wb") as f:
        f.write(jul[: len(jul) // 2])
    # Central directory offset pointing past the directory.
    eocd = jul.rfind(b"PK\x05\x06")
    bad = bytearray(jul)
    bad[eocd + 16:eocd + 20] = struct.pack("<I", len(jul) - 10)
    with open(os.path.join(out, "lib/badcd-1.0.jar"), "wb") as f:
        f.write(bytes(bad))
    # A central directory entry whose CRC is wrong (the manifest), the rest intact.
    crc = bytearray(jul)
    cd = crc.find(b"PK\x01\x02", crc.find(b"PK\x01\x02") + 1)  # second entry: META-INF/MANIFEST.MF
    crc[cd + 16:cd + 20] = b"\xde\xad\xbe\xef"
    with open(os.path.join(out, "lib/badcrc-1.7.32.jar"), "wb") as f:
        f.write(bytes(crc))
    with open(os.path.join(out, "lib/notazip.jar"), "wb") as f:
        f.write(b"this is not a zip archive\n" * 10)
    manifest = [e for e in entries_of(good) if e[0] == "META-INF/MANIFEST.MF"][0][1]
    # Zip bombs: 64 MiB of zeros honestly declared, and one whose directory claims 100 bytes.
    data, crc32 = bomb_entry(64 << 20)
    raw_zip(os.path.join(out, "bombs/honest-bomb-1.0.jar"),
            [("META-INF/MANIFEST.MF", 0, manifest, zlib.crc32(manifest), len(manifest)),
             ("WEB-INF/lib/zeros.jar", 8, data, crc32, 64 << 20)])
    raw_zip(os.path.join(out, "bombs/lying-bomb-1.0.jar"),
            [("META-INF/MANIFEST.MF", 8, data, 0, 100)])
    # Russian dolls: level0 holds level1 … level4, each a real jar plus the next level.
    inner = None
    for level in range(4, -1, -1):
        entries = entries_of(good) + ([(f"lib/level{level + 1}.jar", inner)] if inner else [])
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for name, payload in entries:
                info = zipfile.ZipInfo(name, STAMP)
                info.compress_type = zipfile.ZIP_DEFLATED
                z.writestr(info, b"" if payload is None else payload)
        inner = buf.getvalue()
    os.makedirs(os.path.join(out, "dolls"), exist_ok=True)
    with open(os.path.join(out, "dolls/level0.jar"), "wb") as f:
        f.write(inner)


if __name__ == "__main__":
    kind, target = sys.argv[1], sys.argv[2]
    {"happy": happy, "hostile": hostile}[kind](target)
