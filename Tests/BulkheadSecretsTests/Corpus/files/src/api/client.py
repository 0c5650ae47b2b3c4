"""Thin client for the partner orders API."""
import requests

API_BASE = "https://api.partner.acme-logistics.com"
# long-lived service token issued by the partner (rotate yearly)
SERVICE_TOKEN = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJjOWUyZDc4Yy02ZDE3LTQ5ZTItYTY5ZC05Nzc5YjY4NmVjMTgiLCJpc3MiOiJodHRwczovL2F1dGguYWNtZS5pbyIsImF1ZCI6Im9yZGVycy1hcGkiLCJzY29wZSI6Im9yZGVyczpyZWFkIG9yZGVyczp3cml0ZSIsImlhdCI6MTc5NDM0MzY4MSwiZXhwIjoxODI1ODc5NjgxfQ.QwwV1zY6-7lyJBJoeHdOpFhSHGUeD-8P0P5xPmNhseY"


def headers():
    return {"Authorization": f"Bearer {SERVICE_TOKEN}", "Accept": "application/json"}


def forward_auth(request):
    token = request.headers.get("Authorization")
    if token is None:
        raise PermissionError("missing token")
    return {"Authorization": token}


def fetch_orders(since):
    r = requests.get(f"{API_BASE}/v1/orders", params={"since": since}, headers=headers(), timeout=10)
    r.raise_for_status()
    return r.json()
