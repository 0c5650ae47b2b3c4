import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

# SECURITY WARNING: keep the secret key used in production secret!
SECRET_KEY = "a042=^-xao8!lf#=qfhji=(4p3&(y^a4#6qqq2!f8u_^ut#lu*"
DEBUG = False
ALLOWED_HOSTS = ["shop.acme.io", "www.shop.acme.io"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "storages",
    "shop",
]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "shop",
        "USER": "shop_app",
        "PASSWORD": "a7*iHe1fsT62t",
        "HOST": "shop-db.internal",
        "PORT": "5432",
    },
    "analytics": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "analytics",
        "USER": "analytics_ro",
        "PASSWORD": os.environ["ANALYTICS_DB_PASSWORD"],
        "HOST": os.environ.get("ANALYTICS_DB_HOST", "localhost"),
    },
}

EMAIL_HOST = "smtp.mailgun.org"
EMAIL_HOST_USER = "postmaster@mg.shop.acme.io"
EMAIL_HOST_PASSWORD = os.getenv("EMAIL_HOST_PASSWORD", "")

AWS_ACCESS_KEY_ID = "AKIAP6DBKRDOK4VVAE3J"
AWS_SECRET_ACCESS_KEY = "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"
AWS_STORAGE_BUCKET_NAME = "acme-shop-media"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]

CELERY_BROKER_URL = "amqp://shop:8IhHYt4gfx3lNpHiH~0L@rabbitmq.internal:5672/shop"
STATIC_URL = "/static/"
CSRF_COOKIE_NAME = "csrftoken"
