#!/usr/bin/env bash
# Rebuilds the rpm database fixtures from real artefacts: rpmbuild builds the packages in specs/,
# rpm installs them (--justdb) into real rpmdb.sqlite files, and Berkeley DB's db_load writes the
# legacy hash `Packages` files from the header blobs rpm stored. Oracles are rpm's own queries.
# Needs Debian's rpm, python3 and db-util. Run from this directory: bash make-fixtures.sh
set -eu
here=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
QF='%{NAME}\t%{EPOCH}\t%{VERSION}-%{RELEASE}\t%{ARCH}\t%{SOURCERPM}\t%{LICENSE}\t%{SIZE}\t%{VENDOR}\n'

query() { # query <backend> <dbpath>
    rpm --define "_db_backend $1" --dbpath "$2" -qa --qf "$QF" 2>/dev/null | LC_ALL=C sort
}
install_db() { # install_db <dbpath> <rpm files...>
    db=$1; shift
    mkdir -p "$db"
    rpm --define '_db_backend sqlite' --dbpath "$db" --initdb
    rpm --define '_db_backend sqlite' --dbpath "$db" -i --justdb --nodeps --noscripts \
        --ignorearch --ignoreos --nosignature "$@" 2>/dev/null
}
bdb_from_sqlite() { # bdb_from_sqlite <rpmdb.sqlite> <Packages> <key byte order: < or >> [db_load options]
    src=$1; dst=$2; order=$3; shift 3
    mkdir -p "$(dirname "$dst")"; rm -f "$dst"
    # read a copy: sqlite3 would leave -shm/-wal files next to a WAL-mode database
    rm -rf "$work/copy"; mkdir "$work/copy"; cp "$src" "$work/copy/rpmdb.sqlite"
    python3 - "$work/copy/rpmdb.sqlite" "$order" <<'PY' | db_load "$@" -t hash "$dst"
import sqlite3, struct, sys
rows = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True).execute(
    "select hnum, blob from Packages order by hnum").fetchall()
print("VERSION=3\nformat=bytevalue\ntype=hash\nHEADER=END")
# Keys are the hnums in the byte order of the host that wrote the file (the file's own order);
# key 0 holds the highest instance number, as rpm < 4.16 keeps it.
order = sys.argv[2] + "I"
for key, value in [(0, struct.pack(order, max(r[0] for r in rows)))] + rows:
    print(" " + struct.pack(order, key).hex())
    print(" " + bytes(value).hex())
print("DATA=END")
PY
}

# 1. Packages: two specs (one with subpackage, one with an epoch and 251 files), 40 tiny ones.
for spec in specs/*.spec; do
    rpmbuild --define "_topdir $work/build" --define '_build_id_links none' -bb "$spec" >/dev/null 2>&1
done
mkdir -p "$work/many"
for i in $(seq -w 1 40); do
    epoch=""; [ $((10#$i % 5)) = 0 ] && epoch="Epoch: $((10#$i / 5))"
    cat > "$work/many/pkg$i.spec" <<SPEC
Name: bulkhead-many-$i
Version: 0.$i
Release: $((10#$i % 3 + 1)).fc39
Summary: Many-packages fixture $i
License: Apache-2.0
BuildArch: noarch
$epoch
%description
Package $i of a fixture whose Packages table needs interior b-tree pages.
%install
mkdir -p %{buildroot}/usr/share/bulkhead-many
echo $i > %{buildroot}/usr/share/bulkhead-many/file-$i
%files
/usr/share/bulkhead-many/file-$i
SPEC
    rpmbuild --define "_topdir $work/build-many" --define '_build_id_links none' -bb "$work/many/pkg$i.spec" >/dev/null 2>&1
done

# 2. A gpg-pubkey pseudo-package, imported from a throwaway key.
export GNUPGHOME="$work/gnupg"; mkdir -m 700 "$GNUPGHOME"
gpg --batch --passphrase '' --quick-gen-key 'Bulkhead Fixture Signing <fixtures@bulkhead.invalid>' rsa2048 sign never 2>/dev/null
gpg --armor --export fixtures@bulkhead.invalid > "$work/key.asc"

# 3. sqlite: the happy database (rpm's default backend).
install_db "$work/sqlite" "$work"/build/RPMS/*/*.rpm
rpm --define '_db_backend sqlite' --dbpath "$work/sqlite" --import "$work/key.asc"
mkdir -p sqlite/var/lib/rpm && cp "$work/sqlite/rpmdb.sqlite" sqlite/var/lib/rpm/
query sqlite "$work/sqlite" > sqlite/expected.txt
rpm --dbpath "$work/sqlite" -qa --qf '[%{=NAME}\t%{FILENAMES}\n]' 2>/dev/null | LC_ALL=C sort > sqlite/expected-files.txt

# 4. sqlite-many: 40 packages, at the /usr/lib/sysimage path.
install_db "$work/many-db" "$work"/build-many/RPMS/noarch/*.rpm
mkdir -p sqlite-many/usr/lib/sysimage/rpm && cp "$work/many-db/rpmdb.sqlite" sqlite-many/usr/lib/sysimage/rpm/
query sqlite "$work/many-db" > sqlite-many/expected.txt

# 5. bdb: the same headers as sqlite/, as Berkeley DB hash files (default, big-endian, 16 KiB pages).
bdb_from_sqlite sqlite/var/lib/rpm/rpmdb.sqlite bdb/var/lib/rpm/Packages '<'
bdb_from_sqlite sqlite/var/lib/rpm/rpmdb.sqlite bdb-bigendian/var/lib/rpm/Packages '>' -c db_lorder=4321
bdb_from_sqlite sqlite/var/lib/rpm/rpmdb.sqlite bdb-pagesize16k/var/lib/rpm/Packages '<' -c db_pagesize=16384
for case in bdb bdb-bigendian bdb-pagesize16k; do
    cp "$case/var/lib/rpm/Packages" "$work/Packages" && query bdb_ro "$work" > "$case/expected.txt"
    rm -f "$work/Packages"
done
echo "fixtures written in $here"
