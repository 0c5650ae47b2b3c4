import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = "ed=#gf!76-hh*^b(2r9q*3b6!p)1yn)7=l!g29kel&!xo4&^sr"
DEBUG = False
ALLOWED_HOSTS = ["ingest.acme.io"]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "ingest",
        "USER": "ingest",
        "PASSWORD": os.environ["INGEST_DB_PASSWORD"],
        "HOST": "ingest-db.internal",
    }
}

MAILGUN_API_KEY = "key-14c97227bda6cbf665e1a7a64ce33faf"
MAILGUN_DOMAIN = "mg.acme.io"

CSRF_COOKIE_NAME = "ingest_csrftoken"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]
