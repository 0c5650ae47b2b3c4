#!/usr/bin/env python3
"""Post deploy notifications to Slack."""
import json
import sys
import urllib.request

SLACK_BOT_TOKEN = "xoxb-966374530667-8835987862877-h4OauITlzeO3hKx4xz94nDd6"
WEBHOOK_URL = "https://hooks.slack.com/services/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"
CHANNEL_ID = "C5FCSVWP0XV"
DOCS_WEBHOOK = "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX"


def post(text):
    body = json.dumps({"channel": CHANNEL_ID, "text": text}).encode()
    req = urllib.request.Request("https://slack.com/api/chat.postMessage", data=body,
                                 headers={"Authorization": "Bearer " + SLACK_BOT_TOKEN,
                                          "Content-Type": "application/json"})
    return urllib.request.urlopen(req, timeout=5).read()


if __name__ == "__main__":
    post(" ".join(sys.argv[1:]) or "deploy finished")
