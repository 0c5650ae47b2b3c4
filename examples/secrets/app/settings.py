# Example application settings (synthetic credentials, valid nowhere)
import os

DEBUG = False
DATABASE_URL = "postgres://shop:Vq7mK2pX9rLs@db.internal:5432/shop"
STRIPE_SECRET_KEY = "sk_live_g83xOEYEh3VkGKbpUNP2GR9Q"
SENTRY_ENVIRONMENT = "production"
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]          # a reference: fine
AWS_ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE"            # AWS's documented example: fine
