#!/usr/bin/env python3
"""A small feed mirror for `bulkhead db update` tests, on loopback.

Serves files under ROOT with ETag / If-None-Match, Last-Modified / If-Modified-Since and
byte ranges (206), logs every request to LOG as one JSON line, and can misbehave on purpose:
  FAIL_FIRST=N     the first N requests of each path get 503 (retry with backoff)
  CUT_AFTER=BYTES  the first full response of each path stops after BYTES (resume with Range)
Prints the port on stdout once listening.

usage: feed_server.py ROOT LOG
"""
import email.utils
import hashlib
import http.server
import json
import os
import sys
import threading

ROOT, LOG = sys.argv[1], sys.argv[2]
FAIL_FIRST = int(os.environ.get("FAIL_FIRST", "0"))
CUT_AFTER = int(os.environ.get("CUT_AFTER", "0"))
counts = {}
cut_done = set()
lock = threading.Lock()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        path = self.path.split("?")[0]
        with lock:
            counts[path] = counts.get(path, 0) + 1
            n = counts[path]
        with open(LOG, "a") as log:
            log.write(json.dumps({"path": path, "n": n, "range": self.headers.get("Range"),
                                  "inm": self.headers.get("If-None-Match"),
                                  "ims": self.headers.get("If-Modified-Since")}) + "\n")
        if n <= FAIL_FIRST:
            self.send_response(503)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        file = os.path.normpath(os.path.join(ROOT, path.lstrip("/").replace("%20", " ")))
        if not file.startswith(os.path.abspath(ROOT)) or not os.path.isfile(file):
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        data = open(file, "rb").read()
        etag = '"%s"' % hashlib.sha256(data).hexdigest()[:16]
        mtime = email.utils.formatdate(os.path.getmtime(file), usegmt=True)
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        start = 0
        rng = self.headers.get("Range")
        if_range = self.headers.get("If-Range")
        if if_range and if_range not in (etag, mtime):
            rng = None  # the file changed: send it whole (RFC 9110 If-Range)
        if rng and rng.startswith("bytes=") and rng.endswith("-"):
            start = int(rng[6:-1])
            if start >= len(data):
                self.send_response(416)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(206)
            self.send_header("Content-Range", "bytes %d-%d/%d" % (start, len(data) - 1, len(data)))
        else:
            self.send_response(200)
        body = data[start:]
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", mtime)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if CUT_AFTER and start == 0 and path not in cut_done and len(body) > CUT_AFTER:
            cut_done.add(path)
            self.wfile.write(body[:CUT_AFTER])
            self.wfile.flush()
            self.close_connection = True
            try:
                self.connection.shutdown(2)
            except OSError:
                pass
            return
        self.wfile.write(body)


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
