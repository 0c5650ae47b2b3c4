import hmac
import os

import bcrypt

MIN_PASSWORD_LENGTH = 12
PASSWORD_RESET_TOKEN_TTL = 3600


def hash_password(password: str) -> bytes:
    password_hash = bcrypt.hashpw(password.encode(), bcrypt.gensalt())
    return password_hash


def check_password(password: str, password_hash: bytes) -> bool:
    return bcrypt.checkpw(password.encode(), password_hash)


def get_api_key():
    api_key = os.environ.get("API_KEY")
    if api_key is None:
        raise RuntimeError("API_KEY is not set")
    return api_key


def verify_signature(secret: bytes, body: bytes, signature: str) -> bool:
    expected = hmac.new(secret, body, "sha256").hexdigest()
    return hmac.compare_digest(expected, signature)


def is_default(password):
    return password in ("password", "changeme", "admin", "123456")


def load_secret(name):
    secret = os.environ.get(name)
    if secret is None:
        with open(f"/run/secrets/{name.lower()}") as f:
            secret = f.read().strip()
    return secret
