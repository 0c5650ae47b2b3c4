"""Helpers for generate_corpus.py: random credential-shaped values, key material, markers.

Every value is freshly random (Python `secrets`, openssl, ssh-keygen, gpg); none is a real
credential. Markers (stripped from the output):
  «s:KIND»   this line holds a true secret of KIND (one label per line)
  «l:CAT»    this line is a look-alike of category CAT (must NOT be reported)
  «[» «]»    open / close a span: a secret label inside it covers every line of the span
"""
import base64
import binascii
import hashlib
import hmac
import json
import os
import secrets
import string
import struct
import subprocess
import tempfile
import time
import uuid as _uuid
import zlib

ALNUM = string.ascii_letters + string.digits
LOWER_ALNUM = string.ascii_lowercase + string.digits
UPPER_ALNUM = string.ascii_uppercase + string.digits
HEX = "0123456789abcdef"
B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
B64U = ALNUM + "-_"


def rs(alphabet, n):
    return "".join(secrets.choice(alphabet) for _ in range(n))


def alnum(n):
    # make sure it is not all letters / all digits
    while True:
        v = rs(ALNUM, n)
        if any(c.isdigit() for c in v) and any(c.isalpha() for c in v):
            return v


def hexs(n):
    return rs(HEX, n)


def digits(n):
    return str(secrets.randbelow(9) + 1) + rs(string.digits, n - 1)


def b64(nbytes):
    return base64.b64encode(secrets.token_bytes(nbytes)).decode()


def b64nopad(nbytes):
    return b64(nbytes).rstrip("=")


def b64u(data):
    if isinstance(data, str):
        data = data.encode()
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64s(s):
    return base64.b64encode(s.encode()).decode()


def uuid():
    return str(_uuid.uuid4())


def sha256():
    return hashlib.sha256(secrets.token_bytes(32)).hexdigest()


def sha1():
    return hashlib.sha1(secrets.token_bytes(32)).hexdigest()


def md5():
    return hashlib.md5(secrets.token_bytes(32)).hexdigest()


def integrity():
    return "sha512-" + b64(64)


# ---- passwords ---------------------------------------------------------------
PW_SPECIAL = "!^*-_+.~"
WORDS = ["amber", "falcon", "granite", "harbor", "juniper", "lantern", "meadow", "nebula",
         "orchid", "pepper", "quartz", "raven", "saffron", "timber", "velvet", "willow",
         "cobalt", "ember", "glacier", "summit", "thistle", "walnut", "zephyr", "copper"]


def pw(n=None):
    """Random password: letters, digits, a few shell/yaml-safe specials, first char alnum."""
    n = n or 12 + secrets.randbelow(10)
    while True:
        v = secrets.choice(ALNUM) + rs(ALNUM + PW_SPECIAL, n - 1)
        if (any(c.isdigit() for c in v) and any(c.islower() for c in v)
                and any(c.isupper() for c in v) and any(c in PW_SPECIAL for c in v)):
            return v


def pwurl(n=None):
    """Password safe inside a URL userinfo (no ':' '@' '/' '%')."""
    n = n or 14 + secrets.randbelow(10)
    while True:
        v = rs(ALNUM + "-_.~", n)
        if any(c.isdigit() for c in v) and any(c.isalpha() for c in v) and v[0].isalnum():
            return v


def pwalnum(n=None):
    return alnum(n or 16)


def pw_human():
    """Memorable but real-looking password: Word-Word-1234!"""
    a, b = secrets.choice(WORDS), secrets.choice(WORDS)
    return f"{a.capitalize()}-{b.capitalize()}-{digits(4)}{secrets.choice('!*.')}"


def django_key():
    return rs("abcdefghijklmnopqrstuvwxyz0123456789!@#%^&*(-_=+)", 50)


def wp_salt():
    return rs(string.ascii_letters + string.digits + "!#%^&*()-_=+[]{}<>~;:,.?|", 64)


# ---- vendor tokens -------------------------------------------------------------
def _base62(n):
    out = ""
    while n:
        n, r = divmod(n, 62)
        out = (string.digits + string.ascii_letters)[r] + out
    return out or "0"


def gh(prefix="ghp"):
    body = rs(ALNUM, 30)
    return f"{prefix}_{body}{_base62(binascii.crc32(body.encode())).rjust(6, '0')}"


def github_pat():
    return f"github_pat_{rs(ALNUM, 22)}_{rs(ALNUM, 59)}"


def glpat():
    return "glpat-" + rs(ALNUM + "-_", 20)


def akid(prefix="AKIA"):
    return prefix + rs(B32, 16)


def awssk():
    return rs(ALNUM + "/+", 40)


def aws_session_token():
    return "IQoJb3JpZ2luX2VjE" + rs(ALNUM + "/+", 380) + "=="


def xoxb():
    return f"xoxb-{digits(12)}-{digits(13)}-{rs(ALNUM, 24)}"


def xoxp():
    return f"xoxp-{digits(12)}-{digits(12)}-{digits(13)}-{hexs(32)}"


def xoxa():
    return f"xoxa-2-{digits(12)}-{digits(12)}-{digits(13)}-{hexs(64)}"


def xoxr():
    return f"xoxr-{digits(12)}-{digits(13)}-{rs(ALNUM, 48)}"


def xapp():
    return f"xapp-1-A{rs(UPPER_ALNUM, 10)}-{digits(13)}-{hexs(64)}"


def slackhook():
    return (f"https://hooks.slack.com/services/T{rs(UPPER_ALNUM, 8)}/"
            f"B{rs(UPPER_ALNUM, 10)}/{rs(ALNUM, 24)}")


def sk_live(n=99):
    return "sk_live_51" + alnum(n - 2)


def sk_test(n=99):
    return "sk_test_51" + alnum(n - 2)


def rk_live():
    return "rk_live_51" + alnum(97)


def pk_live():
    return "pk_live_51" + alnum(97)


def pk_test():
    return "pk_test_51" + alnum(97)


def whsec():
    return "whsec_" + alnum(32)


def twsk():
    return "SK" + hexs(32)


def twac():
    return "AC" + hexs(32)


def sendgrid():
    return f"SG.{rs(B64U, 22)}.{rs(B64U, 43)}"


def npm():
    return "npm_" + alnum(36)


def pypi():
    return "pypi-AgEIcHlwaS5vcmc" + b64u(secrets.token_bytes(110))


def dckr_pat():
    return "dckr_pat_" + rs(B64U, 27)


def sonar():
    return "squ_" + hexs(40)


def azure(account=None, proto="https"):
    account = account or "acme" + rs(string.ascii_lowercase + string.digits, 8)
    return (f"DefaultEndpointsProtocol={proto};AccountName={account};"
            f"AccountKey={b64(64)};EndpointSuffix=core.windows.net")


def jwt(alg="HS256", claims=None, kid=None):
    now = int(time.time()) - secrets.randbelow(90 * 86400)
    header = {"alg": alg, "typ": "JWT"}
    if kid:
        header["kid"] = kid
    payload = claims or {"sub": uuid(), "iss": "https://auth.acme.io", "aud": "orders-api",
                         "scope": "orders:read orders:write", "iat": now, "exp": now + 365 * 86400}
    si = b64u(json.dumps(header, separators=(",", ":"))) + "." + b64u(json.dumps(payload, separators=(",", ":")))
    if alg.startswith("HS"):
        sig = hmac.new(secrets.token_bytes(32), si.encode(), hashlib.sha256).digest()
    elif alg.startswith("ES"):
        sig = secrets.token_bytes(64)
    else:
        sig = secrets.token_bytes(256)
    return si + "." + b64u(sig)


def k8s_sa_token(ns="ci", sa="deployer"):
    now = int(time.time()) - secrets.randbelow(30 * 86400)
    return jwt("RS256", {"aud": ["https://kubernetes.default.svc"], "exp": now + 31536000, "iat": now,
                         "iss": "https://kubernetes.default.svc", "kubernetes.io": {
                             "namespace": ns, "serviceaccount": {"name": sa, "uid": uuid()}},
                         "nbf": now, "sub": f"system:serviceaccount:{ns}:{sa}"}, kid=b64u(secrets.token_bytes(32)))


def mapbox_public():
    return "pk." + b64u(json.dumps({"u": "acme-maps", "a": rs(LOWER_ALNUM, 25)})) + "." + rs(B64U, 22)


# ---- key material ----------------------------------------------------------------
_TMP = tempfile.mkdtemp(prefix="corpus-keys-")


def _run(args, **kw):
    return subprocess.run(args, check=True, capture_output=True, text=True, **kw).stdout


def _path(name):
    return os.path.join(_TMP, name + "-" + secrets.token_hex(4))


def rsa_traditional(bits=2048):
    return _run(["openssl", "genrsa", "-traditional", str(bits)]).strip()


def rsa_pkcs8(bits=2048):
    return _run(["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", f"rsa_keygen_bits:{bits}"]).strip()


def ec_key():
    return _run(["openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout"]).strip()


def pubkey_of(pem):
    return _run(["openssl", "pkey", "-pubout"], input=pem + "\n").strip()


def openssh_key(kind="ed25519", comment="deploy@acme-ci"):
    p = _path("ssh")
    args = ["ssh-keygen", "-q", "-t", kind, "-N", "", "-C", comment, "-f", p]
    if kind == "rsa":
        args[4:4] = ["-b", "2048"]
    _run(args)
    with open(p) as f:
        priv = f.read().strip()
    with open(p + ".pub") as f:
        pub = f.read().strip()
    return priv, pub


def cert(cn="api.internal.acme.io", key_kind="ec"):
    kp, cp = _path("key"), _path("crt")
    if key_kind == "ec":
        newkey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"]
    else:
        newkey = ["-newkey", "rsa:2048"]
    _run(["openssl", "req", "-x509", *newkey, "-nodes", "-keyout", kp, "-out", cp, "-days", "825",
          "-subj", f"/O=Acme Corp/CN={cn}"])
    with open(kp) as f:
        key = f.read().strip()
    with open(cp) as f:
        crt = f.read().strip()
    return crt, key


def pgp_keys(uid="Acme Release Signing <release@acme.io>"):
    home = _path("gnupg")
    os.makedirs(home, mode=0o700)
    env = dict(os.environ, GNUPGHOME=home)
    _run(["gpg", "--batch", "--pinentry-mode", "loopback", "--passphrase", "", "--quick-gen-key",
          uid, "ed25519", "sign", "never"], env=env)
    priv = _run(["gpg", "--batch", "--pinentry-mode", "loopback", "--passphrase", "", "--armor",
                 "--export-secret-keys"], env=env).strip()
    pub = _run(["gpg", "--batch", "--armor", "--export"], env=env).strip()
    subprocess.run(["gpgconf", "--kill", "gpg-agent"], env=env, capture_output=True)
    return priv, pub


# ---- markers -------------------------------------------------------------------------
def secret_block(text, kind="private-key", open_span=True):
    """Multi-line secret: label the first line, span the whole block. open_span=False when the
    caller opens the span earlier (on the YAML `key: |` or heredoc line that introduces the value)."""
    lines = text.split("\n")
    lines[0] += ("«[»" if open_span else "") + f"«s:{kind}»"
    lines[-1] += "«]»"
    return "\n".join(lines)


def look_block(text, cat):
    lines = text.split("\n")
    lines[0] += f"«l:{cat}»"
    return "\n".join(lines)


def indent(text, prefix):
    return "\n".join(prefix + l if l else l for l in text.split("\n"))


def json_escaped(pem):
    return pem.replace("\n", "\\n") + "\\n"


# ---- images ---------------------------------------------------------------------------
def png(w=16, h=16, noise=True):
    raw = b""
    base = secrets.token_bytes(3)
    for y in range(h):
        raw += b"\x00"
        for x in range(w):
            if noise:
                raw += secrets.token_bytes(3) + b"\xff"
            else:
                raw += base + bytes([255 if (x + y) % 4 else 128])
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
    data = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))
    return base64.b64encode(data).decode()


def gif():
    # 2x2, 2-colour GIF89a
    pal = secrets.token_bytes(3) + b"\xff\xff\xff"
    data = (b"GIF89a" + struct.pack("<HHBBB", 2, 2, 0x80, 0, 0) + pal
            + b"\x2c" + struct.pack("<HHHHB", 0, 0, 2, 2, 0) + b"\x02\x02\x44\x01\x00\x3b")
    return base64.b64encode(data).decode()


def woff2_blob(n=900):
    return base64.b64encode(b"wOF2\x00\x01\x00\x00" + secrets.token_bytes(n)).decode()
