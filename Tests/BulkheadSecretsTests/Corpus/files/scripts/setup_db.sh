#!/usr/bin/env bash
set -euo pipefail
psql "postgresql://postgres:h~kZNS8yV6ZV5Z_h.-VJV@pg-primary.internal:5432/postgres" -f schema.sql
mysql -h mysql.internal -u root -p'0.d!Qu!bTr+RKfvB' < grants.sql
MYSQL_PWD="${MYSQL_PWD:-}"
redis-cli -u "redis://:Wz4cbAzJGkhCqW9HWY3~HZ@redis.internal:6379/0" FLUSHDB
read -rsp "password: " password
echo "migration id 7ce79f9a-d005-4493-a53e-c999f9ea1756"
