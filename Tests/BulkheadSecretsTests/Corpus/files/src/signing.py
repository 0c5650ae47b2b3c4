"""Webhook signing for outbound partner callbacks."""
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

SIGNING_KEY_PEM = b"""-----BEGIN EC PRIVATE KEY-----
MHcCAQEEIDDAYd7ym66v2aN3kleIQTnq6EhKhnjPqM3FompKXR7soAoGCCqGSM49
AwEHoUQDQgAEDgJFodLM2eMY5e0QY72R/VtsQox2lRfW4Rd6h93xZ+Jkxdgci3zF
o309hQFJuAg5NsWdbWUi6Hd6uW8kx/az2Q==
-----END EC PRIVATE KEY-----"""

PUBLIC_KEY_PEM = b"""-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEDgJFodLM2eMY5e0QY72R/VtsQox2
lRfW4Rd6h93xZ+Jkxdgci3zFo309hQFJuAg5NsWdbWUi6Hd6uW8kx/az2Q==
-----END PUBLIC KEY-----"""


def sign(body: bytes) -> bytes:
    key = serialization.load_pem_private_key(SIGNING_KEY_PEM, password=None)
    return key.sign(body, ec.ECDSA(hashes.SHA256()))
