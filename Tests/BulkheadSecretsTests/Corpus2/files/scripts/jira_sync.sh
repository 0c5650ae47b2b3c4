#!/usr/bin/env bash
set -euo pipefail

JIRA_BASE="https://acme.atlassian.net"
JIRA_USER="release-bot@acme.io"
JIRA_TOKEN="ATATT3xFfGF0OvNPKBadFKXNjns6zLLyfbeWmYXwseenX77a_y24NQSbc4HEc91eXMwIDeA-yGvfpgijjHLFkTWhesudYXNGm7WLofL3ywEG7H7GhkA_Ll-Qa8pR1TvRXt98f9-er1JyCeJVHHGyLibQkQCm38zJxDwD8ZhgFgaSK58-ifGEmi=33E21629"

version="${1:?usage: jira_sync.sh VERSION}"
commit="$(git rev-parse HEAD)"

curl -fsS -u "$JIRA_USER:$JIRA_TOKEN" \
  -H 'Content-Type: application/json' \
  -X POST "$JIRA_BASE/rest/api/3/version" \
  -d "{\"name\": \"$version\", \"project\": \"BILL\", \"description\": \"$commit\"}"
