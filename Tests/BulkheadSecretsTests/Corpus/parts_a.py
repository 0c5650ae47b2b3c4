"""Application config and source files."""
import genlib as g
from tmpl import T


def files_a():
    F = []
    add = lambda p, t: F.append((p, t))

    add("app/.env", T("""
# Application environment - production
NODE_ENV=production
PORT=8080
APP_NAME=acme-orders
APP_INSTANCE_ID=@@uuid@@«l:uuid»
LOG_LEVEL=info

DATABASE_URL=postgres://orders_svc:@@pwurl@@@db-prod-1.internal.acme.io:5432/orders«s:database-url»
REDIS_URL=redis://:@@pwurl@@@cache-1.internal.acme.io:6379/0«s:database-url»
SESSION_SECRET=@@alnum:48@@«s:generic-secret»
JWT_SIGNING_KEY=@@b64:48@@«s:generic-secret»

STRIPE_SECRET_KEY=@@sk_live@@«s:stripe-key»
STRIPE_PUBLISHABLE_KEY=@@pk_live@@«l:stripe-publishable»
SENDGRID_API_KEY=@@sendgrid@@«s:sendgrid»

AWS_REGION=eu-west-1
AWS_ACCESS_KEY_ID=@@akid@@«s:aws-access-key-id»
AWS_SECRET_ACCESS_KEY=@@awssk@@«s:aws-secret-access-key»
S3_BUCKET=acme-orders-invoices-prod«l:identifier»
TWILIO_AUTH_TOKEN=@@hex:32@@«s:twilio»
GITLAB_TOKEN=@@glpat@@«s:gitlab-token»
FEATURE_FLAGS=checkout_v2,fast_refunds
BUILD_SHA=@@hex:40@@«l:git-sha»
SMTP_PASSWORD=«l:placeholder»
"""))

    add("app/.env.example", T("""
# Copy to .env and fill in real values. Never commit the real file.
NODE_ENV=development
PORT=8080
DATABASE_URL=postgres://user:password@localhost:5432/orders«l:placeholder»
REDIS_URL=redis://localhost:6379/0
SESSION_SECRET=changeme«l:placeholder»
JWT_SIGNING_KEY=<your-signing-key-here>«l:placeholder»
STRIPE_SECRET_KEY=sk_test_4eC39HqLyjWDarjtT1zdp7dc«l:doc-example»
STRIPE_PUBLISHABLE_KEY=pk_test_TYooMQauvdEDq54NiTphI7jx«l:doc-example»
SENDGRID_API_KEY=SG.xxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx«l:placeholder»
AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE«l:doc-example»
AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY«l:doc-example»
TWILIO_AUTH_TOKEN=your_auth_token«l:placeholder»
GITLAB_TOKEN=glpat-xxxxxxxxxxxxxxxxxxxx«l:placeholder»
SMTP_PASSWORD=********«l:placeholder»
API_KEY=your_api_key«l:placeholder»
"""))

    add("services/billing/.env.production", T("""
# billing service - rendered by deploy pipeline 2024-04-18
export BILLING_DB_HOST='billing-db.prod.svc'
export BILLING_DB_PASSWORD="@@pw@@"«s:generic-password»
STRIPE_RESTRICTED_KEY='@@rk_live@@'«s:stripe-key»
STRIPE_WEBHOOK_SECRET=@@whsec@@«s:stripe-key»
SLACK_BOT_TOKEN="@@xoxb@@"«s:slack-token»
MONGO_URI="mongodb+srv://billing:@@pwurl@@@cluster0.ab1cd.mongodb.net/billing?retryWrites=true&w=majority"«s:database-url»
ADMIN_PASSWORD=${ADMIN_PASSWORD:?must be set}«l:reference»
METRICS_TOKEN=REPLACE_ME«l:placeholder»
INVOICE_TEMPLATE_ID=@@uuid@@«l:uuid»
RECAPTCHA_SITE_KEY=6L@@b64u:38@@«l:identifier»
"""))

    add("config/config.yaml", T("""
# inventory service configuration
server:
  host: 0.0.0.0
  port: 8443
  tls:
    cert_file: /etc/acme/tls/tls.crt
    key_file: /etc/acme/tls/tls.key
  read_timeout: 15s
database:
  driver: postgres
  host: pg-primary.acme.internal
  port: 5432
  name: inventory
  user: inventory_rw
  password: "@@pw@@"«s:generic-password»
  replica_password: ${REPLICA_PASSWORD}«l:reference»
  pool:
    max_open: 20
    max_idle: 5
cache:
  url: redis://default:@@pwurl@@@redis-master.acme.internal:6379/2«s:database-url»
  ttl: 10m
integrations:
  github:
    app_id: 284731
    installation_id: 39182744
    token: @@ghs@@«s:github-token»
    webhook_secret: @@hex:40@@«s:generic-secret»
  twilio:
    api_key: @@twsk@@«s:twilio»
    api_secret: @@alnum:32@@«s:twilio»
    from_number: "+15005550006"
observability:
  trace_sample_rate: 0.1
  build_commit: @@hex:40@@«l:git-sha»
  dashboard_uid: @@uuid@@«l:uuid»
auth:
  session_cookie: acme_sid
  password_min_length: 12«l:code-name»
  admin_password: ""«l:placeholder»
  token_header: Authorization«l:code-name»
"""))

    add("src/main/resources/application.yml", T("""
spring:
  application:
    name: catalog-service
  datasource:
    url: jdbc:postgresql://catalog-db.prod:5432/catalog
    username: catalog
    password: @@pw@@«s:generic-password»
    hikari:
      maximum-pool-size: 12
  mail:
    host: smtp.sendgrid.net
    username: apikey
    password: ${MAIL_PASSWORD}«l:reference»
  security:
    oauth2:
      client:
        registration:
          keycloak:
            client-id: catalog-service
            client-secret: @@alnum:32@@«s:generic-secret»
            scope: openid,profile
  cloud:
    config:
      password: '{cipher}@@hex:96@@'«l:encrypted»
jwt:
  secret: @@b64:64@@«s:generic-secret»
  expiration: 3600
management:
  endpoints:
    web:
      exposure:
        include: health,info
info:
  git:
    commit: @@hex:40@@«l:git-sha»
"""))

    add("src/main/resources/application.properties", T("""
server.port=8081
spring.datasource.url=jdbc:mysql://orders-db:3306/orders?useSSL=true
spring.datasource.username=orders
spring.datasource.password=@@pw@@«s:generic-password»
spring.rabbitmq.password=${RABBIT_PASSWORD:guest}«l:reference»
spring.redis.password=«l:placeholder»
app.security.jwt-secret=@@alnum:64@@«s:generic-secret»
app.upload.checksum-algorithm=SHA-256
app.storage.azure.connection-string=@@azure@@«s:azure-connection-string»
app.build.revision=@@hex:40@@«l:git-sha»
app.reporting.jdbc-url=jdbc:postgresql://reports-db:5432/reports?user=reporter&password=@@pwurl@@«s:database-url»
logging.level.org.springframework.security=DEBUG
app.i18n.password-label=Password«l:i18n»
app.cache.key-prefix=orders:v3:
"""))

    add("myproject/settings.py", T('''
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

# SECURITY WARNING: keep the secret key used in production secret!
SECRET_KEY = "@@djangokey@@"«s:generic-secret»
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
        "PASSWORD": "@@pw@@",«s:generic-password»
        "HOST": "shop-db.internal",
        "PORT": "5432",
    },
    "analytics": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "analytics",
        "USER": "analytics_ro",
        "PASSWORD": os.environ["ANALYTICS_DB_PASSWORD"],«l:reference»
        "HOST": os.environ.get("ANALYTICS_DB_HOST", "localhost"),
    },
}

EMAIL_HOST = "smtp.mailgun.org"
EMAIL_HOST_USER = "postmaster@mg.shop.acme.io"
EMAIL_HOST_PASSWORD = os.getenv("EMAIL_HOST_PASSWORD", "")«l:reference»

AWS_ACCESS_KEY_ID = "@@akid@@"«s:aws-access-key-id»
AWS_SECRET_ACCESS_KEY = "@@awssk@@"«s:aws-secret-access-key»
AWS_STORAGE_BUCKET_NAME = "acme-shop-media"«l:identifier»

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},«l:code-name»
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},«l:code-name»
]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]«l:code-name»

CELERY_BROKER_URL = "amqp://shop:@@pwurl@@@rabbitmq.internal:5672/shop"«s:database-url»
STATIC_URL = "/static/"
CSRF_COOKIE_NAME = "csrftoken"
'''))

    add("web/config.js", T("""
'use strict';

module.exports = {
  env: process.env.NODE_ENV || 'development',
  api: {
    baseUrl: 'https://api.acme.io/v2',
    key: process.env.API_KEY,«l:reference»
    timeoutMs: 5000,
  },
  stripe: {
    secretKey: '@@sk_test@@',«s:stripe-key»
    publishableKey: '@@pk_test@@',«l:stripe-publishable»
  },
  slack: {
    webhookUrl: '@@slackhook@@',«s:slack-webhook»
    channel: '#deploys',
    channelId: 'C@@upalnum:10@@',«l:identifier»
  },
  session: { secret: 'keyboard cat', resave: false },«l:doc-example»
  cdn: { assetsHash: '@@hex:20@@' },«l:identifier»
};
"""))

    add("web/src/config.ts", T("""
export interface AppConfig {
  apiUrl: string;
  githubToken?: string;
  mapboxToken: string;
}

const GITHUB_TOKEN = "@@ghp@@";«s:github-token»
export const SENTRY_RELEASE = "@@hex:40@@";«l:git-sha»
export const PLACEHOLDER_TOKEN = "<your-token-here>";«l:placeholder»

export const config: AppConfig = {
  apiUrl: "https://api.acme.io",
  githubToken: GITHUB_TOKEN,«l:reference»
  mapboxToken: "@@mapbox@@",«l:public-token»
};

export function isTokenExpired(token: string): boolean {«l:code-name»
  const [, payload] = token.split(".");«l:code-name»
  const { exp } = JSON.parse(atob(payload));
  return Date.now() / 1000 > exp;
}
"""))

    add("cmd/server/main.go", T("""
package main

import (
	"database/sql"
	"log"
	"net/http"
	"os"

	_ "github.com/go-sql-driver/mysql"
)

const (
	defaultDSN  = "app:@@pwurl@@@tcp(mysql.internal:3306)/app?parseTime=true"«s:database-url»
	buildCommit = "@@hex:40@@"«l:git-sha»
	userAgent   = "acme-server/1.4"
)

var githubAppToken = "@@ghu@@"«s:github-token»

func main() {
	dsn := os.Getenv("DATABASE_DSN")«l:reference»
	if dsn == "" {
		dsn = defaultDSN
	}
	db, err := sql.Open("mysql", dsn)
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()

	apiKey := "@@hex:32@@"«s:generic-secret»
	password := os.Getenv("ADMIN_PASSWORD")«l:reference»
	if password == "" {«l:code-name»
		log.Fatal("ADMIN_PASSWORD must be set")«l:code-name»
	}
	http.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Build", buildCommit)
		w.Write([]byte("ok"))
	})
	log.Printf("starting with key prefix %s", apiKey[:4])
	log.Fatal(http.ListenAndServe(":8080", nil))
}
"""))

    add("src/main/java/com/acme/payments/GatewayConfig.java", T("""
package com.acme.payments;

import org.mindrot.jbcrypt.BCrypt;

public final class GatewayConfig {
    public static final String GATEWAY_URL = "https://gateway.acme-pay.com/v1";
    private static final String MERCHANT_ID = "@@uuid@@";«l:uuid»
    private static final String API_SECRET = "@@alnum:40@@";«s:generic-secret»
    private static final String DB_PASSWORD = "@@pw@@";«s:generic-password»
    private static final String PASSWORD_FIELD = "password";«l:code-name»
    private static final String SENDGRID_KEY = "@@sendgrid@@";«s:sendgrid»
    private final String webhookSecret = System.getenv("WEBHOOK_SECRET");«l:reference»

    public boolean verifyPassword(String password, String storedHash) {«l:code-name»
        return BCrypt.checkpw(password, storedHash);«l:code-name»
    }

    public String merchantId() {
        return MERCHANT_ID;
    }
}
"""))

    add("lib/acme/billing_client.rb", T("""
require 'stripe'
require 'twilio-ruby'

module Acme
  class BillingClient
    Stripe.api_key = 'sk_live_@@alnum:99@@'«s:stripe-key»

    def initialize(password: ENV.fetch('BILLING_PASSWORD'))«l:reference»
      @password = password«l:code-name»
    end

    def sms
      @sms ||= Twilio::REST::Client.new('@@twac@@', '@@hex:32@@')«s:twilio»
    end

    DEFAULT_TOKEN = nil«l:placeholder»
  end
end
"""))

    add("integrations/mailer.rb", T("""
# frozen_string_literal: true

ActionMailer::Base.smtp_settings = {
  user_name: 'apikey',
  password: '@@sendgrid@@',«s:sendgrid»
  domain: 'acme.io',
  address: 'smtp.sendgrid.net',
  port: 587,
  authentication: :plain,
  enable_starttls_auto: true
}

def password_reset_subject«l:code-name»
  I18n.t('mailer.password_reset.subject')«l:code-name»
end
"""))

    add("config/database.yml", T("""
default: &default
  adapter: postgresql
  encoding: unicode
  pool: <%= ENV.fetch("RAILS_MAX_THREADS") { 5 } %>

development:
  <<: *default
  database: storefront_development
  password:«l:placeholder»

production:
  <<: *default
  database: storefront_production
  username: storefront
  password: <%= ENV["STOREFRONT_DATABASE_PASSWORD"] %>«l:reference»

reporting:
  <<: *default
  url: postgres://reporting:@@pwurl@@@reporting-db.internal:5432/reporting«s:database-url»
"""))

    add("config/secrets.yml", T("""
production:
  secret_key_base: @@hex:128@@«s:generic-secret»
  devise_pepper: @@hex:64@@«s:generic-secret»
staging:
  secret_key_base: <%= ENV["SECRET_KEY_BASE"] %>«l:reference»
development:
  secret_key_base: REPLACE_ME«l:placeholder»
"""))

    add("wordpress/wp-config.php", T("""
<?php
/** The base configuration for WordPress */
define( 'DB_NAME', 'wordpress' );
define( 'DB_USER', 'wp_prod' );
define( 'DB_PASSWORD', '@@pw@@' );«s:generic-password»
define( 'DB_HOST', 'mariadb.internal:3306' );
define( 'DB_CHARSET', 'utf8mb4' );
define( 'DB_COLLATE', '' );

define( 'AUTH_KEY',         '@@wpsalt@@' );«s:generic-secret»
define( 'SECURE_AUTH_KEY',  '@@wpsalt@@' );«s:generic-secret»
define( 'LOGGED_IN_KEY',    'put your unique phrase here' );«l:placeholder»
define( 'NONCE_KEY',        'put your unique phrase here' );«l:placeholder»

$table_prefix = 'wp_';
define( 'WP_DEBUG', false );
if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', __DIR__ . '/' );
}
require_once ABSPATH . 'wp-settings.php';
"""))

    add("php/config/services.php", T("""
<?php

return [
    'name' => env('APP_NAME', 'Acme'),
    'key' => env('APP_KEY'),«l:reference»
    'db' => [
        'password' => env('DB_PASSWORD', ''),«l:reference»
    ],
    'mailgun' => [
        'domain' => 'mg.acme.io',
        'secret' => 'key-@@hex:32@@',«s:generic-secret»
        'endpoint' => 'api.eu.mailgun.net',
    ],
    'pusher' => [
        'app_id' => '1482733',
        'key' => '@@hex:20@@',«l:identifier»
        'secret' => '@@hex:20@@',«s:generic-secret»
        'cluster' => 'eu',
    ],
];
"""))

    add("php/.env", T("""
APP_NAME=Acme
APP_ENV=production
APP_KEY=base64:@@b64:32@@«s:generic-secret»
APP_DEBUG=false
APP_URL=https://acme.io

DB_CONNECTION=mysql
DB_HOST=127.0.0.1
DB_PORT=3306
DB_DATABASE=acme
DB_USERNAME=acme
DB_PASSWORD=@@pw@@«s:generic-password»

MAIL_PASSWORD=null«l:placeholder»
PUSHER_APP_SECRET=«l:placeholder»
REDIS_PASSWORD=null«l:placeholder»
"""))

    add("config/mongo.js", T("""
const mongoose = require('mongoose');

const uri = "mongodb+srv://catalog_admin:@@pwurl@@@catalog.x7k2p.mongodb.net/catalog?authSource=admin";«s:database-url»
const fallback = process.env.MONGO_URL;«l:reference»

async function connect() {
  await mongoose.connect(fallback || uri, { maxPoolSize: 10 });
}

module.exports = { connect };
"""))

    add("config/app.ini", T("""
[database]
host = db.internal
port = 5432
user = inventory
password = @@pw@@«s:generic-password»

[smtp]
host = smtp.acme.io
user = noreply@acme.io
password =«l:placeholder»

[ldap]
url = ldaps://ldap.acme.io:636
bind_dn = cn=svc-inventory,ou=services,dc=acme,dc=io
bind_password = @@pw@@«s:generic-password»

[cache]
secret = %(CACHE_SECRET)s«l:reference»
"""))

    add("config/app.toml", T("""
[server]
addr = ":8080"
read_timeout = "15s"

[auth]
api_token = "@@alnum:40@@"«s:generic-secret»
admin_password = '@@pwhuman@@'«s:generic-password»
token_ttl = "24h"«l:code-name»

[storage]
endpoint = "https://s3.eu-west-1.amazonaws.com"
access_key = "@@akid@@"«s:aws-access-key-id»
secret_key = "@@awssk@@"«s:aws-secret-access-key»
bucket = "acme-artifacts"«l:identifier»
"""))

    add("config/redis.conf", T("""
bind 127.0.0.1 -::1
port 6379
protected-mode yes
# requirepass foobared«l:doc-example»
requirepass @@pw@@«s:generic-password»
masterauth @@pw@@«s:generic-password»
rename-command CONFIG ""
maxmemory 512mb
maxmemory-policy allkeys-lru
"""))

    add("config/oauth.yaml", T("""
providers:
  google:
    client_id: @@digits:12@@-@@lowalnum:32@@.apps.googleusercontent.com«l:identifier»
    client_secret: GOCSPX-@@b64u:28@@«s:generic-secret»
    redirect_uri: https://shop.acme.io/auth/google/callback
  github:
    client_id: Iv1.@@hex:16@@«l:identifier»
    client_secret: @@hex:40@@«s:generic-secret»
  okta:
    issuer: https://acme.okta.com/oauth2/default
    client_id: 0oa@@alnum:17@@«l:identifier»
    client_secret: ${OKTA_CLIENT_SECRET}«l:reference»
"""))

    add("dotnet/appsettings.Production.json", T("""
{
  "Logging": {
    "LogLevel": {
      "Default": "Warning"
    }
  },
  "ConnectionStrings": {
    "Orders": "Server=tcp:acme-sql.database.windows.net,1433;Initial Catalog=orders;User ID=orders_app;Password=@@pw@@;Encrypt=True;",«s:database-connection-string»
    "Storage": "@@azure@@",«s:azure-connection-string»
    "Local": "UseDevelopmentStorage=true"«l:placeholder»
  },
  "ServiceBus": {
    "ConnectionString": "Endpoint=sb://acme-prod.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=@@b64:32@@"«s:azure-connection-string»
  },
  "Jwt": {
    "Issuer": "https://auth.acme.io",
    "Audience": "orders-api"
  },
  "ApplicationInsights": {
    "ConnectionString": "InstrumentationKey=@@uuid@@;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/"«l:identifier»
  }
}
"""))

    add("dotnet/web.config", T("""
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <connectionStrings>
    <add name="Default" connectionString="Data Source=sql01.corp.acme.io;Initial Catalog=crm;User Id=crm_app;Password=@@pw@@;" providerName="System.Data.SqlClient" />«s:database-connection-string»
    <add name="Audit" connectionString="Data Source=sql02;Initial Catalog=audit;Integrated Security=True;" />
  </connectionStrings>
  <appSettings>
    <add key="ApiKey" value="@@alnum:32@@" />«s:generic-secret»
    <add key="Password" value="" />«l:placeholder»
    <add key="BuildId" value="@@uuid@@" />«l:uuid»
  </appSettings>
  <system.web>
    <machineKey validationKey="@@upalnum:128@@" decryptionKey="@@upalnum:48@@" validation="HMACSHA256" decryption="AES" />«s:generic-secret»
  </system.web>
</configuration>
"""))

    add("src/reports/export.py", T('''
import os

import pyodbc

CONN_STR = (
    "DRIVER={ODBC Driver 18 for SQL Server};SERVER=tcp:reports.database.windows.net,1433;"
    "DATABASE=reports;UID=report_writer;PWD=@@pw@@;Encrypt=yes;"«s:database-connection-string»
)
ARCHIVE_CONN_STR = "DRIVER={PostgreSQL Unicode};SERVER=archive-db;DATABASE=archive;UID=archiver;PWD=" + os.environ["ARCHIVE_PWD"]«l:reference»


def export(query):
    with pyodbc.connect(CONN_STR) as conn:
        return conn.cursor().execute(query).fetchall()
'''))

    add("azure/local.settings.json", T("""
{
  "IsEncrypted": false,
  "Values": {
    "AzureWebJobsStorage": "@@azure@@",«s:azure-connection-string»
    "FUNCTIONS_WORKER_RUNTIME": "python",
    "CosmosDbConnection": "AccountEndpoint=https://acme-cosmos.documents.azure.com:443/;AccountKey=@@b64:64@@;",«s:azure-connection-string»
    "AzuriteConnection": "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;",«l:doc-example»
    "StorageLocal": "UseDevelopmentStorage=true"«l:placeholder»
  }
}
"""))

    add("src/api/client.py", T('''
"""Thin client for the partner orders API."""
import requests

API_BASE = "https://api.partner.acme-logistics.com"
# long-lived service token issued by the partner (rotate yearly)
SERVICE_TOKEN = "@@jwt@@"«s:jwt»


def headers():
    return {"Authorization": f"Bearer {SERVICE_TOKEN}", "Accept": "application/json"}


def forward_auth(request):
    token = request.headers.get("Authorization")«l:code-name»
    if token is None:«l:code-name»
        raise PermissionError("missing token")
    return {"Authorization": token}


def fetch_orders(since):
    r = requests.get(f"{API_BASE}/v1/orders", params={"since": since}, headers=headers(), timeout=10)
    r.raise_for_status()
    return r.json()
'''))

    add("web/src/api.ts", T("""
import axios from "axios";

// TODO: move to the vault before launch
const PARTNER_JWT =
  "@@jwt:RS256@@";«s:jwt»

export const http = axios.create({
  baseURL: "https://partner.acme.io/api",
  headers: { Authorization: `Bearer ${PARTNER_JWT}` },
});

export async function login(username: string, password: string) {«l:code-name»
  const { data } = await http.post("/login", { username, password });«l:code-name»
  return data.accessToken as string;
}
"""))

    add("api/requests.http", T("""
### list orders
GET https://api.acme.io/v2/orders?limit=50
Authorization: Bearer @@jwt@@«s:jwt»
Accept: application/json

### client-credentials token
POST https://auth.acme.io/oauth/token
Content-Type: application/x-www-form-urlencoded

grant_type=client_credentials&client_id=orders-cli&client_secret=@@alnum:32@@«s:generic-secret»

### legacy status endpoint
GET https://legacy.acme.io/api/status
Authorization: Basic @@basic1@@«s:basic-auth»

### copied from the jwt.io docs
GET https://api.acme.io/v2/ping
Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c«l:doc-example»

### templated
GET https://api.acme.io/v2/me
Authorization: Bearer {{token}}«l:reference»
""", basic1=g.b64s("legacy-monitor:" + g.pw())))

    add("postman/acme.postman_collection.json", T("""
{
  "info": {
    "_postman_id": "@@uuid@@",«l:uuid»
    "name": "Acme API",
    "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
  },
  "auth": {
    "type": "bearer",
    "bearer": [
      {
        "key": "token",
        "value": "@@jwt@@",«s:jwt»
        "type": "string"
      }
    ]
  },
  "item": [
    {
      "name": "Create order",
      "request": {
        "method": "POST",
        "header": [
          { "key": "X-Api-Key", "value": "{{apiKey}}" }«l:reference»
        ],
        "url": "{{baseUrl}}/v2/orders"
      }
    }
  ],
  "variable": [
    { "key": "baseUrl", "value": "https://api.acme.io" },
    { "key": "apiKey", "value": "" }«l:placeholder»
  ]
}
"""))

    add("tools/notify.py", T('''
#!/usr/bin/env python3
"""Post deploy notifications to Slack."""
import json
import sys
import urllib.request

SLACK_BOT_TOKEN = "@@xoxb@@"«s:slack-token»
WEBHOOK_URL = "@@slackhook@@"«s:slack-webhook»
CHANNEL_ID = "C@@upalnum:10@@"«l:identifier»
DOCS_WEBHOOK = "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX"«l:doc-example»


def post(text):
    body = json.dumps({"channel": CHANNEL_ID, "text": text}).encode()
    req = urllib.request.Request("https://slack.com/api/chat.postMessage", data=body,
                                 headers={"Authorization": "Bearer " + SLACK_BOT_TOKEN,
                                          "Content-Type": "application/json"})
    return urllib.request.urlopen(req, timeout=5).read()


if __name__ == "__main__":
    post(" ".join(sys.argv[1:]) or "deploy finished")
'''))

    add("ops/alertmanager.yml", T("""
global:
  resolve_timeout: 5m
  slack_api_url: '@@slackhook@@'«s:slack-webhook»
route:
  receiver: oncall
  group_by: [alertname, cluster]
receivers:
  - name: oncall
    slack_configs:
      - channel: '#alerts-prod'
        send_resolved: true
    pagerduty_configs:
      - routing_key: @@hex:32@@«s:generic-secret»
  - name: staging
    slack_configs:
      - api_url_file: /etc/alertmanager/secrets/slack-staging«l:reference»
"""))

    add("integrations/slack-app.json", T("""
{
  "app_id": "A@@upalnum:10@@",«l:identifier»
  "team_id": "T@@upalnum:8@@",«l:identifier»
  "client_id": "@@digits:12@@.@@digits:13@@",«l:identifier»
  "client_secret": "@@hex:32@@",«s:generic-secret»
  "signing_secret": "@@hex:32@@",«s:generic-secret»
  "user_token": "@@xoxp@@",«s:slack-token»
  "workspace_token": "@@xoxa@@",«s:slack-token»
  "refresh_token": "@@xoxr@@",«s:slack-token»
  "app_level_token": "@@xapp@@",«s:slack-token»
  "verification_token": "",«l:placeholder»
  "scopes": ["chat:write", "channels:read"]
}
"""))

    add("integrations/twilio_sms.py", T('''
from twilio.rest import Client

TWILIO_API_KEY = "@@twsk@@"«s:twilio»
TWILIO_API_SECRET = "@@alnum:32@@"«s:twilio»
DOCS_ACCOUNT_SID = "ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"«l:placeholder»


def client(account_sid):
    return Client(TWILIO_API_KEY, TWILIO_API_SECRET, account_sid)


def send(account_sid, to, body):
    return client(account_sid).messages.create(to=to, from_="+15005550006", body=body)
'''))

    add("integrations/github-app.json", T("""
{
  "token_type": "bearer",
  "access_token": "@@ghu@@",«s:github-token»
  "expires_in": 28800,
  "refresh_token": "@@ghr@@",«s:github-token»
  "refresh_token_expires_in": 15724800,
  "scope": "",
  "installation_id": 39182744,
  "node_id": "MDEyOkluc3RhbGxhdGlvbjM5MTgyNzQ0"«l:identifier»
}
"""))
    return F
