"""Containers, Kubernetes, Helm, Terraform, CI, dotfiles, key material."""
import json

import genlib as g
from tmpl import T


def files_b():
    F = []
    add = lambda p, t: F.append((p, t))

    add("Dockerfile", T("""
# syntax=docker/dockerfile:1.6
FROM node:20.11-bookworm-slim@sha256:@@hex:64@@ AS build«l:docker-digest»
ARG NPM_TOKEN«l:reference»
WORKDIR /src
COPY package.json package-lock.json ./
RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci«l:reference»
COPY . .
RUN npm run build

FROM gcr.io/distroless/nodejs20-debian12@sha256:@@hex:64@@«l:docker-digest»
ENV NODE_ENV=production \\
    PORT=8080 \\
    SENTRY_ENVIRONMENT=production
ENV API_SIGNING_SECRET=@@alnum:40@@«s:generic-secret»
ENV DATABASE_URL="postgresql://api:@@pwurl@@@pg.internal:5432/api?sslmode=require"«s:database-url»
ENV ADMIN_PASSWORD=changeme«l:placeholder»
LABEL org.opencontainers.image.revision="@@hex:40@@"«l:git-sha»
COPY --from=build /src/dist /app
USER 65532:65532
CMD ["/app/server.js"]
"""))

    add("docker/api.Dockerfile", T("""
FROM python:3.12-slim
ARG GITHUB_TOKEN=@@ghp@@«s:github-token»
ARG BUILD_DATE
RUN pip config set global.index-url https://ci:@@pwurl@@@nexus.acme.io/repository/pypi/simple«s:url-password»
RUN echo "//registry.npmjs.org/:_authToken=@@npm@@" > /root/.npmrc«s:npm-token»
ENV MYSQL_PASSWORD=${MYSQL_PASSWORD}«l:reference»
ENV PASSWORD_MIN_LENGTH=12«l:code-name»
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
CMD ["gunicorn", "-b", "0.0.0.0:8000", "app:app"]
"""))

    add("docker/worker.Dockerfile", T("""
FROM registry.acme.io/base/python:3.12@sha256:@@hex:64@@«l:docker-digest»
ENV AWS_DEFAULT_REGION=eu-west-1
ENV AWS_ACCESS_KEY_ID=@@akid@@«s:aws-access-key-id»
ENV AWS_SECRET_ACCESS_KEY=@@awssk@@«s:aws-secret-access-key»
ENV CELERY_BROKER_URL=redis://:${REDIS_PASSWORD}@redis:6379/0«l:reference»
ENV SECRET_KEY_FILE=/run/secrets/secret_key«l:reference»
RUN useradd -r -u 10001 worker
USER worker
CMD ["celery", "-A", "tasks", "worker"]
"""))

    add("docker-compose.yml", T("""
services:
  db:
    image: postgres:16.2@sha256:@@hex:64@@«l:docker-digest»
    environment:
      POSTGRES_USER: app
      POSTGRES_PASSWORD: @@pw@@«s:generic-password»
      POSTGRES_DB: app
    volumes:
      - pgdata:/var/lib/postgresql/data
  mysql:
    image: mysql:8.3
    environment:
      - MYSQL_ROOT_PASSWORD=${MYSQL_ROOT_PASSWORD}«l:reference»
      - MYSQL_PASSWORD_FILE=/run/secrets/mysql_password«l:reference»
    secrets:
      - mysql_password
  api:
    build: .
    depends_on: [db]
    environment:
      - DATABASE_URL=postgres://app:@@pwurl@@@db:5432/app«s:database-url»
      - SECRET_KEY=@@alnum:50@@«s:generic-secret»
      - STRIPE_KEY=sk_test_xxxxxxxxxxxxxxxxxxxxxxxx«l:placeholder»
  rabbit:
    image: rabbitmq:3.13-management
    environment:
      RABBITMQ_DEFAULT_USER: guest
      RABBITMQ_DEFAULT_PASS: guest«l:placeholder»
secrets:
  mysql_password:
    file: ./secrets/mysql_password.txt
volumes:
  pgdata: {}
"""))

    add("deploy/docker-compose.prod.yml", T("""
version: "3.9"
services:
  worker:
    image: registry.acme.io/acme/worker:2.14.1
    environment:
      REDIS_URL: "redis://:@@pwurl@@@redis:6379/1"«s:database-url»
      AWS_ACCESS_KEY_ID: "@@akid@@"«s:aws-access-key-id»
      AWS_SECRET_ACCESS_KEY: "@@awssk@@"«s:aws-secret-access-key»
      SLACK_WEBHOOK: "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX"«l:doc-example»
      NEW_RELIC_LICENSE_KEY: "@@hex:36@@NRAL"«s:generic-secret»
  grafana:
    image: grafana/grafana:10.4.1
    environment:
      GF_SECURITY_ADMIN_PASSWORD: "@@pw@@"«s:generic-password»
      GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET: "${GRAFANA_OAUTH_SECRET}"«l:reference»
"""))

    add("k8s/deployment.yaml", T("""
apiVersion: apps/v1
kind: Deployment
metadata:
  name: orders-api
  namespace: orders
  annotations:
    deployment.kubernetes.io/revision: "14"
    checksum/config: @@sha256@@«l:hex-digest»
spec:
  replicas: 3
  selector:
    matchLabels:
      app: orders-api
  template:
    metadata:
      labels:
        app: orders-api
        pod-template-hash: 7d9f8c6b5«l:identifier»
    spec:
      serviceAccountName: orders-api
      containers:
        - name: api
          image: registry.acme.io/orders/api@sha256:@@hex:64@@«l:docker-digest»
          ports:
            - containerPort: 8080
          env:
            - name: DB_HOST
              value: orders-db.orders.svc.cluster.local
            - name: DB_PASSWORD
              value: "@@pw@@"«s:generic-password»
            - name: STRIPE_API_KEY
              valueFrom:
                secretKeyRef:«l:reference»
                  name: stripe
                  key: api-key
            - name: SENDGRID_API_KEY
              value: @@sendgrid@@«s:sendgrid»
            - name: JWT_PUBLIC_KEY_PATH
              value: /etc/jwt/public.pem
            - name: SESSION_SECRET
              value: "$(SESSION_SECRET_FROM_FILE)"«l:reference»
          resources:
            limits:
              memory: 512Mi
"""))

    # k8s secrets
    reg_user, reg_pw = "ci-pusher", g.pw()
    secret_pw, secret_tok, smtp_pw = g.pw(), g.alnum(40), g.pw()
    add("k8s/secret.yaml", T("""
apiVersion: v1
kind: Secret
metadata:
  name: orders-credentials
  namespace: orders
type: Opaque
stringData:
  db-password: @@pw@@«s:generic-password»
  stripe-api-key: @@sk_live@@«s:stripe-key»
  github-token: @@ghp@@«s:github-token»
  database-url: postgresql://orders:@@pwurl@@@orders-db:5432/orders«s:database-url»
  password-policy: "min=12,upper=1"«l:code-name»
---
apiVersion: v1
kind: Secret
metadata:
  name: orders-legacy
  namespace: orders
type: Opaque
data:
  username: @@user64@@«l:identifier»
  password: @@pw64@@«s:k8s-secret-data»
  api-token: @@tok64@@«s:k8s-secret-data»
  smtp-password: @@smtp64@@«s:k8s-secret-data»
---
apiVersion: v1
kind: Secret
metadata:
  name: regcred
  namespace: orders
type: kubernetes.io/dockerconfigjson
stringData:
  .dockerconfigjson: '{"auths":{"registry.acme.io":{"username":"@@ru@@","password":"@@rp@@","auth":"@@rauth@@"}}}'«s:docker-config-auth»
""", user64=g.b64s("orders"), pw64=g.b64s(secret_pw), tok64=g.b64s(secret_tok), smtp64=g.b64s(smtp_pw),
        ru=reg_user, rp=reg_pw, rauth=g.b64s(f"{reg_user}:{reg_pw}")))

    crt, key = g.cert("orders.acme.io", "rsa")
    add("k8s/tls-secret.yaml", T("""
apiVersion: v1
kind: Secret
metadata:
  name: orders-tls
  namespace: orders
type: kubernetes.io/tls
stringData:
  tls.crt: |
@@crt@@
  tls.key: |«[»
@@key@@
""", crt=g.indent(g.look_block(crt, "public-key"), "    "), key=g.indent(g.secret_block(key, open_span=False), "    ")))

    add("k8s/configmap.yaml", T("""
apiVersion: v1
kind: ConfigMap
metadata:
  name: orders-config
  namespace: orders
data:
  LOG_LEVEL: info
  FEATURE_FLAGS_HASH: @@sha1@@«l:hex-digest»
  PASSWORD_RESET_URL: https://shop.acme.io/account/password/reset«l:code-name»
  TOKEN_TTL_SECONDS: "3600"«l:code-name»
  AUTH_ISSUER: https://auth.acme.io/realms/shop
  JWKS_URL: https://auth.acme.io/realms/shop/protocol/openid-connect/certs
  CLIENT_ID: @@uuid@@«l:uuid»
  ANALYTICS_DB_URL: postgres://analytics_ro:@@pwurl@@@analytics-db:5432/analytics«s:database-url»
  app.properties: |
    orders.export.bucket=arn:aws:s3:::acme-orders-export«l:identifier»
    orders.export.password=${EXPORT_PASSWORD}«l:reference»
    orders.export.kms-key=arn:aws:kms:eu-west-1:@@digits:12@@:key/@@uuid@@«l:identifier»
"""))

    add("k8s/pod-with-probes.yaml", T("""
apiVersion: v1
kind: Pod
metadata:
  name: metrics-agent
  labels:
    app: metrics-agent
  annotations:
    kubectl.kubernetes.io/last-applied-configuration-hash: @@sha256@@«l:hex-digest»
spec:
  containers:
    - name: agent
      image: docker.io/acme/metrics-agent:1.2.0@sha256:@@hex:64@@«l:docker-digest»
      args: ["--api-key=$(DD_API_KEY)", "--site=datadoghq.eu"]«l:reference»
      env:
        - name: DD_API_KEY
          valueFrom:
            secretKeyRef:«l:reference»
              name: datadog
              key: api-key
        - name: DD_APP_KEY
          value: @@hex:40@@«s:generic-secret»
        - name: DD_CLUSTER_AGENT_AUTH_TOKEN
          value: "@@alnum:32@@"«s:generic-secret»
        - name: DD_ENV
          value: prod
"""))

    sa = gcp_sa("acme-prod-314159", "k8s-external-dns", open_span=False)
    add("k8s/gcp-secret.yaml", T("""
apiVersion: v1
kind: Secret
metadata:
  name: external-dns-gcp
  namespace: kube-system
type: Opaque
stringData:
  credentials.json: |«[»
@@sa@@
""", sa=g.indent(sa, "    ")))

    add("charts/api/values.yaml", T("""
replicaCount: 2
image:
  repository: registry.acme.io/acme/api
  tag: "1.8.3"
  digest: sha256:@@hex:64@@«l:docker-digest»
imagePullSecrets:
  - name: regcred
postgresql:
  enabled: true
  auth:
    username: api
    password: ""«l:placeholder»
    existingSecret: api-postgresql«l:reference»
    postgresPassword: @@pw@@«s:generic-password»
redis:
  auth:
    password: changeme«l:placeholder»
externalServices:
  slack:
    botToken: @@xoxb@@«s:slack-token»
  stripe:
    secretKey: "<your-stripe-secret-key>"«l:placeholder»
  github:
    token: "{{ .Values.global.githubToken }}"«l:reference»
podAnnotations:
  checksum/secret: @@sha256@@«l:hex-digest»
"""))

    add("charts/api/templates/secret.yaml", T("""
apiVersion: v1
kind: Secret
metadata:
  name: {{ include "api.fullname" . }}
type: Opaque
data:
  db-password: {{ .Values.postgresql.auth.password | b64enc | quote }}«l:reference»
  slack-token: {{ required "slack token" .Values.externalServices.slack.botToken | b64enc }}«l:reference»
  api-key: {{ randAlphaNum 32 | b64enc | quote }}«l:reference»
stringData:
  password: {{ .Values.password }}«l:reference»
"""))

    add("infra/main.tf", T("""
terraform {
  required_version = ">= 1.6"
  backend "s3" {
    bucket = "acme-terraform-state"«l:identifier»
    key    = "prod/network.tfstate"
    region = "eu-west-1"
  }
}

provider "aws" {
  region     = "eu-west-1"
  access_key = "@@akid@@"«s:aws-access-key-id»
  secret_key = "@@awssk@@"«s:aws-secret-access-key»
}

resource "random_password" "db" {
  length  = 24
  special = true
}

resource "aws_db_instance" "orders" {
  identifier     = "orders-prod"
  engine         = "postgres"
  instance_class = "db.r6g.large"
  username       = "orders_admin"
  password       = random_password.db.result«l:reference»
  kms_key_id     = "arn:aws:kms:eu-west-1:@@digits:12@@:key/@@uuid@@"«l:identifier»
}

resource "aws_db_instance" "legacy" {
  identifier     = "legacy-reporting"
  engine         = "mysql"
  instance_class = "db.t3.medium"
  username       = "report"
  password       = "@@pw@@"«s:generic-password»
}

resource "aws_iam_role_policy_attachment" "ssm" {
  role       = "orders-ec2"
  policy_arn = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"«l:identifier»
}

resource "aws_key_pair" "deploy" {
  key_name   = "deploy"
  public_key = "@@sshpub@@"«l:public-key»
}

output "db_password" {
  value     = random_password.db.result«l:reference»
  sensitive = true
}
""", sshpub=g.openssh_key("ed25519", "deploy@acme-infra")[1]))

    add("infra/terraform.tfvars", T("""
environment        = "prod"
db_password        = "@@pw@@"«s:generic-password»
github_token       = "@@github_pat@@"«s:github-token»
datadog_api_key    = "@@hex:32@@"«s:generic-secret»
datadog_app_key    = "@@hex:40@@"«s:generic-secret»
vpc_cidr           = "10.40.0.0/16"
ami_id             = "ami-0@@hex:16@@"«l:identifier»
cloudflare_zone_id = "@@hex:32@@"«l:identifier»
"""))

    add("infra/variables.tf", T("""
variable "db_password" {«l:code-name»
  description = "Master password for the orders database"«l:code-name»
  type        = string
  sensitive   = true
}

variable "github_token" {
  type      = string
  default   = ""«l:placeholder»
  sensitive = true
}

variable "api_key" {
  type    = string
  default = "REPLACE_ME"«l:placeholder»
}

variable "datadog_api_key" {
  type    = string
  default = null«l:placeholder»
}
"""))

    priv, _ = g.openssh_key("rsa", "bastion@acme-prod")
    add("infra/modules/bastion/main.tf", T("""
resource "aws_secretsmanager_secret" "bastion" {
  name = "prod/bastion/ssh-key"
}

resource "aws_secretsmanager_secret_version" "bastion_key" {
  secret_id     = aws_secretsmanager_secret.bastion.id
  secret_string = <<-EOT«[»
@@key@@
  EOT
}

resource "aws_instance" "bastion" {
  ami           = "ami-0@@hex:16@@"«l:identifier»
  instance_type = "t3.micro"
  tags = {
    Name = "bastion"
  }
}
""", key=g.indent(g.secret_block(priv, open_span=False), "    ")))

    add("infra/iam-policy.json", T("""
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ReadArtifacts",
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:ListBucket"],
      "Resource": [
        "arn:aws:s3:::acme-artifacts-@@digits:12@@",«l:identifier»
        "arn:aws:s3:::acme-artifacts-@@digits:12@@/*"«l:identifier»
      ]
    },
    {
      "Sid": "DecryptSecrets",
      "Effect": "Allow",
      "Action": "kms:Decrypt",
      "Resource": "arn:aws:kms:eu-west-1:@@digits:12@@:key/@@uuid@@"«l:identifier»
    },
    {
      "Sid": "AssumeDeploy",
      "Effect": "Allow",
      "Action": "sts:AssumeRole",
      "Resource": "arn:aws:iam::@@digits:12@@:role/deploy-@@lowalnum:12@@"«l:identifier»
    }
  ]
}
"""))

    add(".github/workflows/ci.yml", T("""
name: ci
on:
  push:
    branches: [main]
  pull_request:
permissions:
  contents: read
env:
  REGISTRY: ghcr.io
  NPM_TOKEN: @@npm@@«s:npm-token»
jobs:
  build:
    runs-on: ubuntu-22.04
    steps:
      - uses: actions/checkout@@@hex:40@@ # v4.1.1«l:git-sha»
      - uses: actions/setup-node@@@hex:40@@ # v4.0.2«l:git-sha»
        with:
          node-version: 20
      - run: npm ci
        env:
          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}«l:reference»
      - name: Login
        run: echo "${{ secrets.GITHUB_TOKEN }}" | docker login ghcr.io -u ${{ github.actor }} --password-stdin«l:reference»
      - name: Publish
        env:
          TWINE_USERNAME: __token__
          TWINE_PASSWORD: @@pypi@@«s:pypi-token»
        run: twine upload dist/*
      - name: Notify
        run: curl -X POST -H 'Content-type: application/json' --data '{"text":"build ok"}' @@slackhook@@«s:slack-webhook»
"""))

    add(".github/workflows/release.yml", T("""
name: release
on:
  push:
    tags: ["v*"]
jobs:
  release:
    runs-on: ubuntu-22.04
    steps:
      - uses: actions/checkout@@@hex:40@@«l:git-sha»
      - uses: docker/login-action@@@hex:40@@«l:git-sha»
        with:
          registry: ghcr.io
          username: ${{ github.actor }}
          password: ${{ secrets.GITHUB_TOKEN }}«l:reference»
      - run: echo "digest sha256:@@hex:64@@"«l:docker-digest»
      - run: gh release create "$GITHUB_REF_NAME" --generate-notes
        env:
          GH_TOKEN: ${{ github.token }}«l:reference»
"""))

    add(".gitlab-ci.yml", T("""
variables:
  DOCKER_DRIVER: overlay2
  GITLAB_API_TOKEN: "@@glpat@@"«s:gitlab-token»
  DEPLOY_DB_PASSWORD: "@@pw@@"«s:generic-password»
  SONAR_TOKEN: $SONAR_TOKEN«l:reference»
stages: [build, test, deploy]

build:
  stage: build
  image: docker:24.0.7@sha256:@@hex:64@@«l:docker-digest»
  script:
    - docker login -u gitlab-ci-token -p $CI_JOB_TOKEN $CI_REGISTRY«l:reference»
    - docker build -t $CI_REGISTRY_IMAGE:$CI_COMMIT_SHORT_SHA .

deploy:
  stage: deploy
  script:
    - curl --header "PRIVATE-TOKEN: @@glpat@@" "https://gitlab.acme.io/api/v4/projects/42/deployments"«s:gitlab-token»
    - echo "deploying @@hex:40@@"«l:git-sha»
"""))

    add("ci/.travis.yml", T("""
language: node_js
node_js:
  - "20"
env:
  global:
    - secure: "@@b64:256@@"«l:encrypted»
    - CI_BUILD_SALT=@@md5@@«l:hex-digest»
script:
  - npm test
"""))

    add("jenkins/Jenkinsfile", T("""
pipeline {
  agent any
  environment {
    REGISTRY_CREDS = credentials('registry-acme')«l:reference»
    SONAR_TOKEN = '@@sonar@@'«s:generic-secret»
  }
  stages {
    stage('Build') {
      steps {
        sh 'make build'
      }
    }
    stage('Deploy') {
      steps {
        withCredentials([string(credentialsId: 'github-token', variable: 'GITHUB_TOKEN')]) {«l:reference»
          sh 'curl -H "Authorization: token $GITHUB_TOKEN" https://api.github.com/user'«l:reference»
        }
        sh "mysql -uadmin -p@@pwalnum:18@@ -h db.internal < migrate.sql"«s:generic-password»
      }
    }
  }
}
"""))

    # docker configs
    hub_user, hub_tok = "acmeci", g.dckr_pat()
    reg_user2, reg_pw2 = "deploy", g.pw()
    add(".docker/config.json", T("""
{
	"auths": {
		"https://index.docker.io/v1/": {
			"auth": "@@a1@@"«s:docker-config-auth»
		},
		"registry.acme.io": {
			"auth": "@@a2@@",«s:docker-config-auth»
			"email": "ci@acme.io"
		},
		"ghcr.io": {}
	},
	"credsStore": "desktop",
	"HttpHeaders": {
		"User-Agent": "Docker-Client/24.0.7 (linux)"
	}
}
""", a1=g.b64s(f"{hub_user}:{hub_tok}"), a2=g.b64s(f"{reg_user2}:{reg_pw2}")))

    add("ci/docker-config.json", T("""
{"auths":{"registry.gitlab.com":{"auth":"@@a1@@"},"quay.io":{"auth":"@@a2@@"}}}«s:docker-config-auth»
""", a1=g.b64s("gitlab-ci-token:" + g.glpat()), a2=g.b64s("acme+robot:" + g.rs(g.UPPER_ALNUM, 64))))

    add("home/ops/.docker/config.json", T("""
{
  "auths": {
    "registry.acme.io": {}
  },
  "credHelpers": {
    "@@digits:12@@.dkr.ecr.eu-west-1.amazonaws.com": "ecr-login",«l:identifier»
    "europe-docker.pkg.dev": "gcloud"
  },
  "currentContext": "default"
}
"""))

    # netrc
    add("home/deploy/.netrc", T("""
machine api.heroku.com
  login deploy@acme.io
  password @@uuid@@«s:netrc-password»
machine github.com login acme-bot password @@ghp@@«s:github-token»
machine artifacts.acme.io
    login ci
    password @@pw@@«s:netrc-password»
machine ftp.mirror.acme.io login anonymous password anonymous@«l:placeholder»
"""))
    add("home/ops/.netrc", T("""
machine nexus.acme.io login release password @@pw@@«s:netrc-password»
machine git.acme.io login ops-bot password @@pwalnum:24@@«s:netrc-password»
"""))

    add("home/deploy/.npmrc", T("""
registry=https://registry.npmjs.org/
//registry.npmjs.org/:_authToken=@@npm@@«s:npm-token»
@acme:registry=https://npm.pkg.github.com/
//npm.pkg.github.com/:_authToken=${GITHUB_PACKAGES_TOKEN}«l:reference»
//nexus.acme.io/repository/npm/:_auth=@@nx@@«s:basic-auth»
//nexus.acme.io/repository/npm/:always-auth=true
save-exact=true
""", nx=g.b64s("npm-deployer:" + g.pw())))
    add("web/.npmrc", T("""
//registry.npmjs.org/:_authToken=${NPM_TOKEN}«l:reference»
engine-strict=true
fund=false
"""))

    add("home/deploy/.pypirc", T("""
[distutils]
index-servers =
    pypi
    internal

[pypi]
username = __token__
password = @@pypi@@«s:pypi-token»

[internal]
repository = https://pypi.acme.io/
username = release
password = @@pw@@«s:generic-password»
"""))

    add("config/pip.conf", T("""
[global]
index-url = https://build:@@pwurl@@@pypi.acme.io/simple/«s:url-password»
extra-index-url = https://pypi.org/simple/
trusted-host = pypi.acme.io
timeout = 60
"""))

    add("home/deploy/.git-credentials", T("""
https://acme-bot:@@ghp@@@github.com«s:github-token»
https://deploy:@@pwurl@@@bitbucket.acme.io«s:url-password»
"""))

    add("config/settings.xml", T("""
<settings xmlns="http://maven.apache.org/SETTINGS/1.0.0">
  <servers>
    <server>
      <id>acme-releases</id>
      <username>deployment</username>
      <password>@@pw@@</password>«s:generic-password»
    </server>
    <server>
      <id>github</id>
      <username>acme-bot</username>
      <password>${env.GITHUB_TOKEN}</password>«l:reference»
    </server>
    <server>
      <id>acme-snapshots</id>
      <username>deployment</username>
      <password>{@@b64:32@@}</password>«l:encrypted»
    </server>
  </servers>
  <mirrors>
    <mirror>
      <id>nexus</id>
      <mirrorOf>*</mirrorOf>
      <url>https://ci:@@pwurl@@@nexus.acme.io/repository/maven-public/</url>«s:url-password»
    </mirror>
  </mirrors>
</settings>
"""))

    add("home/deploy/.config/gh/hosts.yml", T("""
github.com:
    user: acme-bot
    oauth_token: @@gho@@«s:github-token»
    git_protocol: https
"""))

    # kubeconfigs
    def kubeconfig(name, server, with_token=True, bootstrap=False):
        ca, _ = g.cert("kubernetes-ca", "ec")
        ccrt, ckey = g.cert("system:masters:" + name, "ec")
        b64 = lambda s: g.b64s(s + "\n")
        users = T("""
users:
- name: @@name@@-admin
  user:
    client-certificate-data: @@ccrt@@«l:public-key»
    client-key-data: @@ckey@@«s:kubeconfig-client-key»
""", name=name, ccrt=b64(ccrt), ckey=b64(ckey))
        if with_token:
            t = (g.rs(g.LOWER_ALNUM, 6) + "." + g.rs(g.LOWER_ALNUM, 16)) if bootstrap else g.k8s_sa_token("ci", "deployer")
            users += T("""
- name: ci-bot
  user:
    token: @@t@@«s:kubeconfig-token»
""", t=t)
        users += T("""
- name: eks-user
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: aws
      args: ["eks", "get-token", "--cluster-name", "@@name@@"]«l:reference»
      env:
        - name: AWS_PROFILE
          value: prod-admin
""", name=name)
        return T("""
apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority-data: @@ca@@«l:public-key»
    server: @@server@@
  name: @@name@@
contexts:
- context:
    cluster: @@name@@
    user: ci-bot
    namespace: default
  name: @@name@@
current-context: @@name@@
preferences: {}
""", ca=b64(ca), server=server, name=name) + users

    add("home/deploy/.kube/config", kubeconfig("prod", "https://k8s-prod.acme.io:6443"))
    add("home/ops/.kube/config", kubeconfig("staging", "https://10.20.0.10:6443", bootstrap=True))
    add("ci/kubeconfig.yaml", kubeconfig("ci", "https://ci-k8s.acme.internal:6443"))

    # AWS
    add("home/deploy/.aws/credentials", T("""
[default]
aws_access_key_id = @@akid@@«s:aws-access-key-id»
aws_secret_access_key = @@awssk@@«s:aws-secret-access-key»

[prod-admin]
aws_access_key_id=@@akid@@«s:aws-access-key-id»
aws_secret_access_key=@@awssk@@«s:aws-secret-access-key»
region=eu-central-1

[sts-session]
aws_access_key_id = @@asia@@«s:aws-access-key-id»
aws_secret_access_key = @@awssk@@«s:aws-secret-access-key»
aws_session_token = @@awssess@@«s:aws-session-token»

[docs]
aws_access_key_id = AKIAIOSFODNN7EXAMPLE«l:doc-example»
aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY«l:doc-example»
"""))
    add("home/deploy/.aws/config", T("""
[default]
region = eu-west-1
output = json

[profile prod-admin]
role_arn = arn:aws:iam::@@digits:12@@:role/OrganizationAccountAccessRole«l:identifier»
source_profile = default
mfa_serial = arn:aws:iam::@@digits:12@@:mfa/deploy«l:identifier»

[profile sso-dev]
sso_start_url = https://acme.awsapps.com/start
sso_region = eu-west-1
sso_account_id = @@digits:12@@«l:identifier»
sso_role_name = Developer
"""))
    add("scripts/assume-role.sh", T("""
#!/usr/bin/env bash
# output of `aws sts assume-role` pasted during the 2024-03 incident
export AWS_ACCESS_KEY_ID=@@asia@@«s:aws-access-key-id»
export AWS_SECRET_ACCESS_KEY=@@awssk@@«s:aws-secret-access-key»
export AWS_SESSION_TOKEN=@@awssess@@«s:aws-session-token»
export AWS_ROLE_ARN=arn:aws:iam::@@digits:12@@:role/incident-responder«l:identifier»
aws sts get-caller-identity
"""))
    add("tools/aws_session.json", T("""
{
    "Credentials": {
        "AccessKeyId": "@@asia@@",«s:aws-access-key-id»
        "SecretAccessKey": "@@awssk@@",«s:aws-secret-access-key»
        "SessionToken": "@@awssess@@",«s:aws-session-token»
        "Expiration": "2024-03-14T18:22:41+00:00"
    },
    "AssumedRoleUser": {
        "AssumedRoleId": "AROA@@upalnum:17@@:incident",«l:identifier»
        "Arn": "arn:aws:sts::@@digits:12@@:assumed-role/incident-responder/incident"«l:identifier»
    }
}
"""))

    # GCP service accounts
    add("gcp/service-account.json", gcp_sa("acme-prod-314159", "deployer"))
    add("gcp/terraform-sa.json", gcp_sa("acme-infra-271828", "terraform", one_line=True))

    # private keys and public material
    add("keys/id_rsa", g.secret_block(g.rsa_traditional(2048)))
    add("keys/server.key", g.secret_block(g.rsa_pkcs8(2048)))
    eck = g.ec_key()
    add("keys/ec-signing.pem", g.secret_block(eck))
    add("keys/jwt-public.pem", g.look_block(g.pubkey_of(g.rsa_pkcs8(2048)), "public-key"))
    priv, pub = g.openssh_key("ed25519", "deploy@acme-ci")
    add("home/deploy/.ssh/id_ed25519", g.secret_block(priv))
    add("home/deploy/.ssh/id_ed25519.pub", pub + "«l:public-key»")
    keys = [g.openssh_key(t, c)[1] for t, c in (("rsa", "alice@laptop"), ("ed25519", "bob@workstation"), ("ecdsa", "ci@runner"))]
    add("home/deploy/.ssh/authorized_keys", "\n".join(k + "«l:public-key»" for k in keys))
    kh = []
    for _ in range(4):
        kh.append(f"|1|{g.b64(20)}|{g.b64(20)} ssh-ed25519 {g.openssh_key('ed25519', 'x')[1].split()[1]}«l:public-key»")
    kh.append("github.com " + " ".join(g.openssh_key("ed25519", "x")[1].split()[:2]) + "«l:public-key»")
    add("home/deploy/.ssh/known_hosts", "\n".join(kh))
    add("home/deploy/.ssh/config", T("""
Host bastion
  HostName bastion.acme.io
  User deploy
  IdentityFile ~/.ssh/id_ed25519«l:reference»
  IdentitiesOnly yes
Host *.internal
  ProxyJump bastion
"""))
    ppriv, ppub = g.pgp_keys()
    add("keys/release-signing.asc", g.secret_block(ppriv))
    add("keys/release-signing.pub.asc", g.look_block(ppub, "public-key"))
    crt, key = g.cert("www.acme.io", "rsa")
    add("certs/server-bundle.pem", g.look_block(crt, "public-key") + "\n" + g.secret_block(key))
    crt2, _ = g.cert("Acme Internal Root CA", "ec")
    crt3, _ = g.cert("Acme Issuing CA 2", "rsa")
    add("certs/ca-bundle.crt", "# Acme internal CAs\n" + g.look_block(crt2, "public-key") + "\n" + g.look_block(crt3, "public-key"))
    ec2 = g.ec_key()
    add("src/signing.py", T('''
"""Webhook signing for outbound partner callbacks."""
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

SIGNING_KEY_PEM = b"""@@key@@"""

PUBLIC_KEY_PEM = b"""@@pub@@"""


def sign(body: bytes) -> bytes:
    key = serialization.load_pem_private_key(SIGNING_KEY_PEM, password=None)«l:code-name»
    return key.sign(body, ec.ECDSA(hashes.SHA256()))
''', key=g.secret_block(ec2), pub=g.look_block(g.pubkey_of(ec2), "public-key")))
    return F


def gcp_sa(project, name, one_line=False, open_span=True):
    pem = g.rsa_pkcs8(2048)
    d = {
        "type": "service_account",
        "project_id": project,
        "private_key_id": g.hexs(40),
        "private_key": pem + "\n",
        "client_email": f"{name}@{project}.iam.gserviceaccount.com",
        "client_id": g.digits(21),
        "auth_uri": "https://accounts.google.com/o/oauth2/auth",
        "token_uri": "https://oauth2.googleapis.com/token",
        "auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",
        "client_x509_cert_url": f"https://www.googleapis.com/robot/v1/metadata/x509/{name}%40{project}.iam.gserviceaccount.com",
        "universe_domain": "googleapis.com",
    }
    if one_line:
        return json.dumps(d) + "«s:gcp-service-account»"
    lines = json.dumps(d, indent=2).split("\n")
    if open_span:
        lines[0] += "«[»"
    lines[-1] += "«]»"
    for i, l in enumerate(lines):
        if l.lstrip().startswith('"private_key"'):
            lines[i] += "«s:gcp-service-account»"
    return "\n".join(lines)
