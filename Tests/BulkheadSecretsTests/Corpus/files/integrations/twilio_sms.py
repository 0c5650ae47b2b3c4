from twilio.rest import Client

TWILIO_API_KEY = "SK4be9c3a88d88ed41c717a554cf68564a"
TWILIO_API_SECRET = "B6NDjSpadjZhdqrwF2zFiNVxKNXgkNXV"
DOCS_ACCOUNT_SID = "ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"


def client(account_sid):
    return Client(TWILIO_API_KEY, TWILIO_API_SECRET, account_sid)


def send(account_sid, to, body):
    return client(account_sid).messages.create(to=to, from_="+15005550006", body=body)
