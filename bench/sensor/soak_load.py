#!/usr/bin/env python3
"""Load helpers of bench/sensor-soak (the exec and open loops are in the script itself).

  soak_load.py listen PORTFILE RUNFLAG
      TCP listener on 127.0.0.1 (a free port, written to PORTFILE) that accepts and closes every
      connection, until RUNFLAG disappears. The script's bash loop connects to it via /dev/tcp.
  soak_load.py fs DIR RUNFLAG PACE COUNTFILE
      File-system churn in DIR until RUNFLAG disappears: per batch, create + write, rename,
      chmod, hard link, symlink, unlink, mkdir + rmdir on a handful of names, then sleep PACE
      seconds. Writes the number of operations to COUNTFILE at the end.
"""
import os
import socket
import sys
import time


def listen(portfile, runflag):
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", 0))
    srv.listen(256)
    srv.settimeout(0.5)
    tmp = portfile + ".tmp"
    with open(tmp, "w") as f:
        f.write(f"{srv.getsockname()[1]}\n")
    os.rename(tmp, portfile)
    accepted = 0
    while os.path.exists(runflag):
        try:
            conn, _ = srv.accept()
        except socket.timeout:
            continue
        conn.close()
        accepted += 1
    srv.close()
    print(accepted)


def fs(root, runflag, pace, countfile):
    os.makedirs(root, exist_ok=True)
    ops = 0
    batch = 0
    while os.path.exists(runflag):
        for i in range(10):
            a = os.path.join(root, f"f{i}")
            b = os.path.join(root, f"g{i}")
            fd = os.open(a, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            os.write(fd, b"bulkhead soak %d\n" % batch)
            os.close(fd)
            os.rename(a, b)
            os.chmod(b, 0o600)
            os.link(b, a)
            os.symlink(b, a + ".lnk")
            os.unlink(a + ".lnk")
            os.unlink(a)
            os.unlink(b)
            d = os.path.join(root, f"d{i}")
            os.mkdir(d)
            os.rmdir(d)
            ops += 10
        batch += 1
        time.sleep(pace)
    with open(countfile, "w") as f:
        f.write(f"{ops}\n")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "listen":
        listen(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 6 and sys.argv[1] == "fs":
        fs(sys.argv[2], sys.argv[3], float(sys.argv[4]), sys.argv[5])
    else:
        sys.exit(__doc__)
