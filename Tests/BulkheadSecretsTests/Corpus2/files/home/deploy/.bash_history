ls -la
cd /srv/billing
git pull
export AWS_ACCESS_KEY_ID=ASIAS5EFD6ZYW6ZW5J2P
export AWS_SECRET_ACCESS_KEY=7OLfidXhHtf1EIP6MAp5e0YUoKVcYhkV6XJ3c7W5
export AWS_SESSION_TOKEN=IQoJb3JpZ2luX2VjEZzqaCWV1LXdlc3QtMSJHMEUCIQDOOoGo539KWXaC8MOuj9n2429W0zQX5EfxHkRNKRiNwGiDS0v+1eGfRvPPuedAiPr+qEmh7jLVgijOVNLUJ6id2rxfwSdeQreNDktuqT/dyw35lNs2XpkLES0oG8FX1uLJFjscrMIqsw9WXV7z6Ki7dbCqMbqobJ5yj5rH0ajyljkanDB1xESNen2C6Zk7nTvf1VLIh4UeCq8DrW4keI9FlQVbrQSsiEphKvK1OIVB4XLwLDFcX5/A237s0H6HpA1C915jHB+RdBDiZ+MwD3WgMxmu5iZ9zituWZQKZmtI3y2Sxd6fvgMZN7fqqTHSb4KYZFlhxBg6bcGjduCa6W2eCg5uXX9LzSXCDJSgeA==
aws s3 ls s3://acme-prod-artifacts/billing/
aws s3 cp s3://acme-prod-artifacts/billing/2024.03.2.tar.gz .
sha256sum 2024.03.2.tar.gz
mysql -h db-01.prod.internal -u root -p billing
docker login -u acmeci -p dckr_pat_u3E8JonsJVxs8Yjd0HT64SULcnT
docker pull ghcr.io/acme/billing@sha256:87bf335a0e25b25767eddbd1b67c17f5c4597e40b0e74279cd4530ee03d278ca
git log --oneline -3
git remote set-url origin https://deploy-bot:glpat-vTy8HUCh0Q-LQ9XJpoSu@gitlab.acme.io/platform/infra.git
export VAULT_ADDR=https://vault.acme.io
export VAULT_TOKEN=hvs.CAESI_gLTRcK1ArtQJEJfy8vw6OB3aFL7tsrJ37XYu6W0Eb-HLDUoqfl3V8-rMODq3v9RqrXg0e6eqk7iSNTSpY6jMk
vault kv get secret/billing/db
kubectl -n billing get secrets
curl -s -H "Authorization: token $GITHUB_TOKEN" https://api.github.com/user
echo $DB_PASSWORD
history | grep ssh
exit
