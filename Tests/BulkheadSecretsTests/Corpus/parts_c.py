"""Lock files, web assets, code that only names secrets, scripts, logs, the long files."""
import random
import secrets

import genlib as g
from tmpl import T

R = random.Random(secrets.randbits(64))


def files_c():
    F = []
    add = lambda p, t: F.append((p, t))

    # ---- shell scripts
    add("scripts/deploy.sh", T("""
#!/usr/bin/env bash
set -euo pipefail

REGISTRY=registry.acme.io
IMAGE="$REGISTRY/acme/api"
export GITHUB_TOKEN=@@ghp@@«s:github-token»
DEPLOY_KEY_FINGERPRINT="SHA256:@@b64nopad:32@@"«l:identifier»

echo "@@pw@@" | docker login "$REGISTRY" -u deploy --password-stdin«s:generic-password»
git clone "https://oauth2:@@glpat@@@gitlab.acme.io/platform/charts.git" /tmp/charts«s:gitlab-token»
TAG=$(git rev-parse --short HEAD)
docker build -t "$IMAGE:$TAG" .
docker push "$IMAGE:$TAG"
DB_PASSWORD="$(cat /run/secrets/db_password)"«l:reference»
API_TOKEN="${API_TOKEN:-}"«l:reference»
curl -fsS -u "deployer:@@pwurl@@" https://ci.acme.io/job/deploy/build«s:basic-auth»
kubectl -n orders set image deployment/api api="$IMAGE@sha256:@@hex:64@@"«l:docker-digest»
"""))

    add("scripts/backup.sh", T("""
#!/bin/sh
set -eu
export PGPASSWORD='@@pw@@'«s:generic-password»
export AWS_ACCESS_KEY_ID=@@akid@@«s:aws-access-key-id»
export AWS_SECRET_ACCESS_KEY=@@awssk@@«s:aws-secret-access-key»
BUCKET_ARN="arn:aws:s3:::acme-db-backups-@@digits:12@@"«l:identifier»
KMS_KEY="arn:aws:kms:eu-west-1:@@digits:12@@:key/@@uuid@@"«l:identifier»
STAMP=$(date +%Y%m%dT%H%M%S)
pg_dump -h pg-primary -U backup -Fc orders > "/tmp/orders-$STAMP.dump"
sha256sum "/tmp/orders-$STAMP.dump" > "/tmp/orders-$STAMP.dump.sha256"
aws s3 cp "/tmp/orders-$STAMP.dump" s3://acme-db-backups/orders/ --sse aws:kms --sse-kms-key-id "$KMS_KEY"
# expected checksum of the restore tool: @@sha256@@«l:hex-digest»
"""))

    add("scripts/setup_db.sh", T("""
#!/usr/bin/env bash
set -euo pipefail
psql "postgresql://postgres:@@pwurl@@@pg-primary.internal:5432/postgres" -f schema.sql«s:database-url»
mysql -h mysql.internal -u root -p'@@pw@@' < grants.sql«s:generic-password»
MYSQL_PWD="${MYSQL_PWD:-}"«l:reference»
redis-cli -u "redis://:@@pwurl@@@redis.internal:6379/0" FLUSHDB«s:database-url»
read -rsp "password: " password«l:code-name»
echo "migration id @@uuid@@"«l:uuid»
"""))

    add("scripts/publish.sh", T("""
#!/usr/bin/env bash
set -euo pipefail
python -m build
twine upload -u __token__ -p @@pypi@@ dist/*«s:pypi-token»
npm publish --access public
echo "published $(git rev-parse HEAD)"
echo "sha256 of wheel: @@sha256@@"«l:hex-digest»
"""))

    # ---- ansible / sops / encrypted
    vault = "\n".join("          " + g.hexs(80) + "«l:encrypted»" for _ in range(5))
    add("ansible/group_vars/all.yml", T("""
ansible_user: deploy
ansible_become_password: @@pw@@«s:generic-password»
db_password: !vault |«l:encrypted»
          $ANSIBLE_VAULT;1.1;AES256«l:encrypted»
@@vault@@
mysql_root_password: "{{ vault_mysql_root_password }}"«l:reference»
app_secret: "{{ lookup('env', 'APP_SECRET') }}"«l:reference»
ntp_servers:
  - 0.pool.ntp.org
""", vault=vault))

    age_lines = "\n".join("            " + g.b64(48) for _ in range(4))
    add("secrets/app.enc.yaml", T("""
db_password: ENC[AES256_GCM,data:@@b64:18@@,iv:@@b64:32@@,tag:@@b64:16@@,type:str]«l:encrypted»
api_token: ENC[AES256_GCM,data:@@b64:40@@,iv:@@b64:32@@,tag:@@b64:16@@,type:str]«l:encrypted»
sops:
    kms: []
    age:
        - recipient: age1@@lowalnum:58@@«l:public-key»
          enc: |
            -----BEGIN AGE ENCRYPTED FILE-----«l:encrypted»
@@age@@
            -----END AGE ENCRYPTED FILE-----
    lastmodified: "2024-05-02T10:11:12Z"
    mac: ENC[AES256_GCM,data:@@b64:64@@,iv:@@b64:32@@,tag:@@b64:16@@,type:str]«l:encrypted»
    version: 3.8.1
""", age=age_lines))

    # ---- SQL
    add("data/seed.sql", T("""
-- roles
CREATE USER app_rw WITH PASSWORD '@@pw@@';«s:generic-password»
CREATE USER app_ro WITH PASSWORD 'changeme';«l:placeholder»
ALTER ROLE reporting PASSWORD NULL;«l:placeholder»

-- api clients (only digests are stored)
INSERT INTO api_clients (id, name, secret_sha256) VALUES ('@@uuid@@', 'mobile', '@@sha256@@');«l:hex-digest»
INSERT INTO api_clients (id, name, secret_sha256) VALUES ('@@uuid@@', 'web', '@@sha256@@');«l:hex-digest»

-- schema migrations
INSERT INTO schema_migrations (version, checksum) VALUES ('20240101120000', '@@md5@@');«l:hex-digest»
INSERT INTO schema_migrations (version, checksum) VALUES ('20240115093000', '@@md5@@');«l:hex-digest»
INSERT INTO schema_migrations (version, checksum) VALUES ('20240202171500', '@@md5@@');«l:hex-digest»
INSERT INTO feature_flags (id, key, enabled) VALUES ('@@uuid@@', 'password_reset_v2', true);«l:uuid»
"""))

    add("home/postgres/.pgpass", T("""
# hostname:port:database:username:password
pg-primary.internal:5432:orders:orders_rw:@@pwurl@@«s:generic-password»
*:5432:*:replicator:@@pwurl@@«s:generic-password»
"""))

    # ---- code that only names secrets
    add("src/auth/passwords.py", T('''
import hmac
import os

import bcrypt

MIN_PASSWORD_LENGTH = 12«l:code-name»
PASSWORD_RESET_TOKEN_TTL = 3600«l:code-name»


def hash_password(password: str) -> bytes:«l:code-name»
    password_hash = bcrypt.hashpw(password.encode(), bcrypt.gensalt())«l:code-name»
    return password_hash


def check_password(password: str, password_hash: bytes) -> bool:«l:code-name»
    return bcrypt.checkpw(password.encode(), password_hash)«l:code-name»


def get_api_key():
    api_key = os.environ.get("API_KEY")«l:reference»
    if api_key is None:«l:code-name»
        raise RuntimeError("API_KEY is not set")
    return api_key


def verify_signature(secret: bytes, body: bytes, signature: str) -> bool:«l:code-name»
    expected = hmac.new(secret, body, "sha256").hexdigest()«l:code-name»
    return hmac.compare_digest(expected, signature)


def is_default(password):
    return password in ("password", "changeme", "admin", "123456")«l:placeholder»


def load_secret(name):
    secret = os.environ.get(name)«l:reference»
    if secret is None:«l:code-name»
        with open(f"/run/secrets/{name.lower()}") as f:«l:reference»
            secret = f.read().strip()
    return secret
'''))

    add("src/auth/handlers.go", T("""
package auth

import (
	"encoding/json"
	"net/http"
	"os"

	"golang.org/x/crypto/bcrypt"
)

type Credentials struct {
	Username string `json:"username"`
	Password string `json:"password"`«l:code-name»
}

var jwtSecret = []byte(os.Getenv("JWT_SECRET"))«l:reference»

func Login(w http.ResponseWriter, r *http.Request) {
	var creds Credentials
	if err := json.NewDecoder(r.Body).Decode(&creds); err != nil {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	hash := lookupHash(creds.Username)
	if err := bcrypt.CompareHashAndPassword(hash, []byte(creds.Password)); err != nil {«l:code-name»
		http.Error(w, "invalid password", http.StatusUnauthorized)«l:code-name»
		return
	}
	token := r.Header.Get("Authorization")«l:code-name»
	_ = token
}

func lookupHash(user string) []byte { return nil }
"""))

    add("src/auth/session.ts", T("""
export const SESSION_COOKIE = "acme_session";
export const PASSWORD_PATTERN = /^(?=.*[A-Z])(?=.*\\d).{12,}$/;«l:code-name»

export function readToken(req: { headers: Record<string, string | undefined> }) {
  const token = req.headers["authorization"]?.replace(/^Bearer /, "");«l:code-name»
  if (!token) throw new Error("no token");
  return token;
}

export const secretsPath = process.env.SECRETS_PATH ?? "/var/run/secrets";«l:reference»
"""))

    # ---- i18n / html
    add("i18n/en.json", T("""
{
  "login.title": "Sign in",
  "password": "Password",«l:i18n»
  "password_confirm": "Confirm password",«l:i18n»
  "password_reset": "Reset your password",«l:i18n»
  "password_too_short": "Password must be at least 12 characters",«l:i18n»
  "api_key": "API key",«l:i18n»
  "api_key_help": "Paste the API key from your dashboard",«l:i18n»
  "token_expired": "Your session token has expired",«l:i18n»
  "secret": "Secret",«l:i18n»
  "client_secret": "Client secret",«l:i18n»
  "logout": "Sign out"
}
"""))
    add("i18n/de.json", T("""
{
  "login.title": "Anmelden",
  "password": "Passwort",«l:i18n»
  "password_confirm": "Passwort bestätigen",«l:i18n»
  "password_reset": "Passwort zurücksetzen",«l:i18n»
  "api_key": "API-Schlüssel",«l:i18n»
  "token_expired": "Ihr Sitzungstoken ist abgelaufen",«l:i18n»
  "client_secret": "Client-Geheimnis"«l:i18n»
}
"""))
    add("templates/login.html", T("""
<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Sign in</title>
  <link rel="stylesheet" href="/static/main.@@hex:8@@.css" integrity="sha384-@@b64:48@@" crossorigin="anonymous">«l:npm-integrity»
</head>
<body>
<form method="post" action="/login">
  <input type="hidden" name="csrf_token" value="{{ csrf_token() }}">«l:reference»
  <label for="password">Password</label>
  <input type="password" name="password" id="password" autocomplete="current-password" placeholder="********">«l:html»
  <input type="text" name="api_key" placeholder="your_api_key">«l:placeholder»
  <img src="data:image/png;base64,@@png:24@@" alt="logo">«l:base64-image»
  <img src="data:image/gif;base64,@@gif@@" alt="" width="1" height="1">«l:base64-image»
  <a href="/password/forgot">Forgot your password?</a>«l:html»
</form>
<script src="/static/app.@@hex:8@@.js" integrity="sha384-@@b64:48@@" crossorigin="anonymous"></script>«l:npm-integrity»
</body>
</html>
"""))

    add("assets/manifest.json", T("""
{
  "name": "Acme Shop",
  "short_name": "Shop",
  "start_url": "/?source=pwa",
  "build": "@@hex:40@@",«l:git-sha»
  "icons": [
    { "src": "data:image/png;base64,@@png:32@@", "sizes": "32x32", "type": "image/png" },«l:base64-image»
    { "src": "/icons/icon-192.@@hex:20@@.png", "sizes": "192x192" }«l:identifier»
  ],
  "thumbnail": "@@png:40@@",«l:base64-image»
  "chunks": {
    "main": "main.@@hex:20@@.js",«l:identifier»
    "vendors": "vendors~main.@@hex:8@@.chunk.js",«l:identifier»
    "runtime": "runtime.@@hex:8@@.js"«l:identifier»
  },
  "font": "data:font/woff2;base64,@@woff2:1200@@"«l:base64-image»
}
"""))

    css = []
    for name in ("button", "card", "header", "modal", "navbar", "footer", "price", "badge"):
        css.append(f".{name.capitalize()}_{name}__{g.rs(g.B64U, 5)}{{display:flex;padding:{R.randint(2,16)}px}}«l:identifier»")
    css.append(f".icon-lock{{background-image:url(data:image/png;base64,{g.png(20)})}}«l:base64-image»")
    css.append(f"@font-face{{font-family:Inter;src:url(data:font/woff2;base64,{g.woff2_blob(1500)}) format(\"woff2\")}}«l:base64-image»")
    css.append(f"/*# sourceMappingURL=main.{g.hexs(8)}.css.map */«l:identifier»")
    add("web/dist/main.css", "\n".join(css))

    add("web/dist/app.3f9a2c1b.min.js", "/*! acme-shop app bundle */\n" + minified(45000, None) + "«l:minified-js»\n//# sourceMappingURL=app.3f9a2c1b.min.js.map")
    add("web/dist/vendor.min.js", "/*! vendor bundle | (c) Acme | MIT */\n" + minified(60000, "stripeSecret:\"" + g.sk_live() + "\"") + "«s:stripe-key»")

    # ---- lock files and digests
    pkgs = ["lodash", "express", "debug", "ms", "react", "react-dom", "scheduler", "loose-envify", "js-tokens",
            "object-assign", "axios", "follow-redirects", "form-data", "combined-stream", "delayed-stream",
            "mime-types", "mime-db", "asynckit", "proxy-from-env", "semver", "yallist", "chalk", "supports-color",
            "has-flag", "ansi-styles", "color-convert", "color-name", "commander", "uuid", "dotenv"]
    entries = []
    for p in pkgs:
        v = f"{R.randint(0, 9)}.{R.randint(0, 30)}.{R.randint(0, 20)}"
        entries.append(T("""
    "node_modules/@@p@@": {
      "version": "@@v@@",
      "resolved": "https://registry.npmjs.org/@@p@@/-/@@p@@-@@v@@.tgz",
      "integrity": "@@integrity@@",«l:npm-integrity»
      "license": "MIT"
    }""", p=p, v=v).rstrip("\n"))
    add("package-lock.json", '{\n  "name": "acme-shop",\n  "version": "3.2.0",\n  "lockfileVersion": 3,\n  "requires": true,\n  "packages": {\n    "": {\n      "name": "acme-shop",\n      "version": "3.2.0"\n    },\n' + ",\n".join(entries) + "\n  }\n}")

    ylines = []
    for p in pkgs[:15]:
        v = f"{R.randint(0, 9)}.{R.randint(0, 30)}.{R.randint(0, 20)}"
        ylines.append(f'{p}@^{v}:\n  version "{v}"\n  resolved "https://registry.yarnpkg.com/{p}/-/{p}-{v}.tgz#{g.sha1()}"«l:hex-digest»\n  integrity {g.integrity()}«l:npm-integrity»\n')
    add("yarn.lock", "# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.\n# yarn lockfile v1\n\n\n" + "\n".join(ylines))

    mods = ["github.com/aws/aws-sdk-go-v2", "github.com/go-sql-driver/mysql", "github.com/golang-jwt/jwt/v5",
            "github.com/google/uuid", "github.com/prometheus/client_golang", "github.com/spf13/cobra",
            "github.com/stretchr/testify", "golang.org/x/crypto", "golang.org/x/net", "golang.org/x/sys",
            "google.golang.org/grpc", "google.golang.org/protobuf", "gopkg.in/yaml.v3", "github.com/redis/go-redis/v9",
            "go.uber.org/zap", "github.com/gin-gonic/gin", "github.com/jackc/pgx/v5", "github.com/rs/zerolog"]
    gs, gm = [], ["module github.com/acme/orders", "", "go 1.22", "", "require ("]
    for m in mods:
        if R.random() < 0.3:
            v = f"v0.0.0-2024{R.randint(1, 12):02d}{R.randint(10, 28)}{R.randint(100000, 235959)}-{g.hexs(12)}"
            gm.append(f"\t{m} {v}«l:git-sha»")
        else:
            v = f"v{R.randint(0, 3)}.{R.randint(0, 40)}.{R.randint(0, 15)}"
            gm.append(f"\t{m} {v}")
        gs.append(f"{m} {v} h1:{g.b64(32)}«l:go-sum»")
        gs.append(f"{m} {v}/go.mod h1:{g.b64(32)}«l:go-sum»")
    gm.append(")")
    add("go.sum", "\n".join(gs))
    add("go.mod", "\n".join(gm))

    req = []
    for p in ["requests==2.31.0", "urllib3==2.2.1", "certifi==2024.2.2", "idna==3.6", "charset-normalizer==3.3.2",
              "Django==5.0.4", "psycopg[binary]==3.1.18", "boto3==1.34.84", "gunicorn==21.2.0"]:
        req.append(f"{p} \\\n    --hash=sha256:{g.sha256()}«l:hex-digest»")
    add("requirements.txt", "\n".join(req))

    plock = []
    for p in ["attrs", "cryptography", "pydantic", "sqlalchemy", "structlog"]:
        v = f"{R.randint(1, 30)}.{R.randint(0, 9)}.{R.randint(0, 9)}"
        plock.append(T("""
[[package]]
name = "@@p@@"
version = "@@v@@"
optional = false
python-versions = ">=3.8"
files = [
    {file = "@@p@@-@@v@@-py3-none-any.whl", hash = "sha256:@@sha256@@"},«l:hex-digest»
    {file = "@@p@@-@@v@@.tar.gz", hash = "sha256:@@sha256@@"},«l:hex-digest»
]
""", p=p, v=v))
    add("poetry.lock", "# This file is automatically @generated by Poetry 1.8.2 and should not be changed by hand.\n\n" + "\n".join(plock) + '\n[metadata]\nlock-version = "2.0"\npython-versions = "^3.11"\ncontent-hash = "' + g.sha256() + '"«l:hex-digest»\n')

    sums = []
    for f in ["acme-cli_2.4.0_linux_amd64.tar.gz", "acme-cli_2.4.0_linux_arm64.tar.gz", "acme-cli_2.4.0_darwin_arm64.tar.gz",
              "acme-cli_2.4.0_windows_amd64.zip", "acme-cli_2.4.0_sbom.spdx.json"]:
        sums.append(f"{g.sha256()}  {f}«l:hex-digest»")
    add("dist/SHA256SUMS", "\n".join(sums))
    add("dist/MD5SUMS", "\n".join(f"{g.md5()}  {f}«l:hex-digest»" for f in ["acme-cli.tar.gz", "acme-cli.zip", "README.txt"]))

    ch = ["Changelog", "=========", "", "2.4.0 (2024-04-30)", "------------------"]
    for msg in ["Fix password reset email for SSO users", "Rotate token signing keys every 30 days",
                "Bump golang.org/x/crypto", "Add API key scopes", "Drop legacy secret store",
                "Hash client secrets with SHA-256 before storing"]:
        ch.append(f"* {msg} ({g.hexs(40)})«l:git-sha»")
    ch += ["", "Container image: registry.acme.io/acme/api@sha256:" + g.hexs(64) + "«l:docker-digest»",
           "Upgrade id: " + g.uuid() + "«l:uuid»"]
    add("CHANGELOG.txt", "\n".join(ch))

    add("refs/packed-refs", "# pack-refs with: peeled fully-peeled sorted\n" + "\n".join(
        f"{g.hexs(40)} refs/{k}«l:git-sha»" for k in ["heads/main", "heads/release-2.4", "remotes/origin/main",
                                                          "tags/v2.3.0", "tags/v2.4.0"]))

    add("data/registry.csv", "id,name,owner,created_at\n" + "\n".join(
        f"{g.uuid()},svc-{n},team-{R.choice(['orders', 'billing', 'platform'])},2024-0{R.randint(1, 9)}-1{R.randint(0, 9)}«l:uuid»"
        for n in ["orders", "billing", "search", "notify", "export", "audit"]))

    add("docs/setup.txt", T("""
Local setup
===========

1. Create a GitHub token and export it:
     export GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx«l:placeholder»
2. Configure AWS (use the values from the AWS documentation to try it out):
     export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE«l:doc-example»
     export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY«l:doc-example»
3. Slack: put a bot token like xoxb-not-a-real-token-this-will-not-work in SLACK_BOT_TOKEN.«l:doc-example»
   Webhooks look like https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX«l:doc-example»
4. Database:
     DATABASE_URL=postgres://USER:PASSWORD@HOST:5432/DB«l:placeholder»
     MONGO_URL=mongodb+srv://<username>:<password>@cluster0.example.mongodb.net/«l:placeholder»
5. In config.yaml set
     password: <your-password>«l:placeholder»
     api_key: ${API_KEY}«l:reference»
6. Stripe test mode works with sk_test_4eC39HqLyjWDarjtT1zdp7dc from the Stripe docs.«l:doc-example»
"""))

    # ---- the long file (~3000 lines), one secret deep inside
    add("logs/app.log", long_log())
    return F


IDENT = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$"


def _id():
    return R.choice(IDENT[:-1]) + "".join(R.choice(IDENT + "0123456789") for _ in range(R.randint(0, 2)))


def minified(size, inject):
    """One long line of webpack-like minified JS; `inject` is placed as an object member somewhere in the middle."""
    parts, n, injected = [], 0, inject is None
    mod = R.randint(100, 900)
    while n < size:
        mod += R.randint(1, 40)
        a, b, c, d = _id(), _id(), _id(), _id()
        kind = R.random()
        if kind < 0.25:
            s = f'{mod}:function({a},{b},{c}){{"use strict";var {d}={c}({R.randint(1, 999)}),e={c}.n({d});{b}.a=function(t){{return e()(t,"{g.hexs(8)}")}}}}'
        elif kind < 0.45:
            s = f'{mod}:function({a},{b}){{{a}.exports={{locals:{{root:"Root_root__{g.rs(g.B64U, 5)}",title:"Title_title__{g.rs(g.B64U, 5)}"}}}}}}'
        elif kind < 0.6:
            s = f'{mod}:function({a},{b},{c}){{var {d}=Object.assign||function(t){{for(var n=1;n<arguments.length;n++)for(var r in arguments[n])t[r]=arguments[n][r];return t}};{b}.default={d}}}'
        elif kind < 0.7:
            s = f'{mod}:function({a},{b}){{{a}.exports="data:image/png;base64,{g.png(8)}"}}'
        elif kind < 0.8:
            s = f'{mod}:function({a},{b},{c}){{{c}.p+"static/js/"+({{{R.randint(1, 99)}:"chunk-{g.hexs(8)}"}}[{a}]||{a})+"."+{{{R.randint(1, 99)}:"{g.hexs(20)}"}}[{a}]+".js"}}'
        else:
            s = f'{mod}:function({a},{b}){{var {c}={{passwordField:"password",tokenHeader:"Authorization",minLength:{R.randint(8, 16)},i18n:{{label:"Password"}}}};{b}.a={c}}}'
        if not injected and n > size // 2:
            s = f'{mod}:function({a},{b}){{{b}.cfg={{apiBase:"https://api.acme.io",{inject},retries:3}}}}'
            injected = True
        parts.append(s)
        n += len(s) + 1
    return "!function(e){var t={};function n(r){if(t[r])return t[r].exports}n.m=e}({" + ",".join(parts) + "});"


def long_log():
    lines = []
    paths = ["/v2/orders", "/v2/orders/{id}", "/v2/cart", "/healthz", "/v2/users/me", "/v2/payments", "/metrics"]
    secret_at = 2471
    for i in range(1, 3041):
        ts = f"2024-05-14T{(i // 600) % 24:02d}:{(i // 10) % 60:02d}:{i % 60:02d}.{R.randint(0, 999):03d}Z"
        if i == secret_at:
            lines.append(f'{ts} DEBUG http.client request method=GET url=https://api.github.com/repos/acme/orders headers={{"Accept":"application/vnd.github+json","Authorization":"token {g.gh("ghp")}"}}«s:github-token»')
        elif i % 397 == 0:
            lines.append(f'{ts} DEBUG http.client request headers={{"Authorization":"[REDACTED]"}}«l:placeholder»')
        elif i % 411 == 0:
            lines.append(f"{ts} INFO  auth login ok user=ops@acme.io password=******** mfa=totp«l:placeholder»")
        elif i % 503 == 0:
            lines.append(f"{ts} INFO  deploy image=registry.acme.io/acme/api@sha256:{g.hexs(64)} commit={g.hexs(40)}«l:docker-digest»")
        else:
            lvl = R.choice(["INFO ", "INFO ", "INFO ", "DEBUG", "WARN "])
            lines.append(f"{ts} {lvl} http request_id={g.uuid()} trace_id={g.hexs(32)} method={R.choice(['GET', 'POST'])} "
                         f"path={R.choice(paths)} status={R.choice([200, 200, 200, 201, 204, 404, 500])} dur_ms={R.randint(1, 900)}")
    return "\n".join(lines)
