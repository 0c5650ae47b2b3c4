#!/bin/sh
set -eu
export PGPASSWORD='EsZ~1M~WMrYUiA~'
export AWS_ACCESS_KEY_ID=AKIAWD6WYHPSMF5ZDQLU
export AWS_SECRET_ACCESS_KEY=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
BUCKET_ARN="arn:aws:s3:::acme-db-backups-117179751539"
KMS_KEY="arn:aws:kms:eu-west-1:706419415700:key/60039799-c870-49f0-8adc-a0bfa2ec35c3"
STAMP=$(date +%Y%m%dT%H%M%S)
pg_dump -h pg-primary -U backup -Fc orders > "/tmp/orders-$STAMP.dump"
sha256sum "/tmp/orders-$STAMP.dump" > "/tmp/orders-$STAMP.dump.sha256"
aws s3 cp "/tmp/orders-$STAMP.dump" s3://acme-db-backups/orders/ --sse aws:kms --sse-kms-key-id "$KMS_KEY"
# expected checksum of the restore tool: b2985633aee1506be5d1f6f0fe427ebda0a9901b507af9b80011637196cb7c76
