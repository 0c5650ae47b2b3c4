#!/usr/bin/env bash
set -euo pipefail
python -m build
twine upload -u __token__ -p pypi-AgEIcHlwaS5vcmcq7utmoj1HR0PLsgK0iY6i2_1raAZhCXqkoYoMe0h2dGRHNlZS9V5u3RrWpANfb4AxlkmIwUaJzxNyfmPmV7z-EzUoHmUp5HUNXiEWDxgQM9XogQleCCezDWgZ2QxYi1nFC1VrzX_6rSXDk5iYvo dist/*
npm publish --access public
echo "published $(git rev-parse HEAD)"
echo "sha256 of wheel: 10c9568e8382029da70efe1b014cd8db7fe8a5f10105eb8fa5af3cc777a0e738"
