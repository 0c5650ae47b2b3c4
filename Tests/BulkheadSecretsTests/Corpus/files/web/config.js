'use strict';

module.exports = {
  env: process.env.NODE_ENV || 'development',
  api: {
    baseUrl: 'https://api.acme.io/v2',
    key: process.env.API_KEY,
    timeoutMs: 5000,
  },
  stripe: {
    secretKey: 'sk_test_51OsiMkPNHGDERoTahFGaxT5irdCmZEyOnT2sOdaa2MmmvtoZlU4P2jfWYiDISBcKNLF2or9n54hvUDRu8HQLgwvZ6pCRUri4qN',
    publishableKey: 'pk_test_519E318i2DfTToyUAg0AoNryiFEkb5bRfmH2FxjUgb5xuYfIG1Doiybz4dEr6Yp1YjvZDt4lZlp8P8TLzyxtZeqEgfxAoKlLguQ',
  },
  slack: {
    webhookUrl: 'https://hooks.slack.com/services/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',
    channel: '#deploys',
    channelId: 'C65127YA2Y8',
  },
  session: { secret: 'keyboard cat', resave: false },
  cdn: { assetsHash: 'd62fb97470358f658aaa' },
};
