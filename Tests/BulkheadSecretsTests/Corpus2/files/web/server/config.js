'use strict';

module.exports = {
  port: Number(process.env.PORT || 3000),
  stripe: {
    secretKey: process.env.STRIPE_SECRET_KEY,
    publishableKey: 'pk_live_51zDVhKz6yQOI76c8K1H0XJsUL705MMrCOXTraTsuDeHB8CFW3ya5xW3H5Uu58UOCNzX0U1AxJyFqqf6ISaHmK0yFzFGeZ19xhI',
  },
  mapbox: {
    accessToken: 'pk.eyJ1IjoiYWNtZS1tYXBzIiwiYSI6IlVIbmJDemg2dEN1dE42QzB0OHN5djA5T2MifQ.E6CunGqI1c28jaAmVOtK5R',
  },
  session: {
    name: 'sid',
    secret: 'gG6w9Fa7iuXdQOIgn0MOmPTgCqsMWCLiKdiQeR84',
    maxAge: 1000 * 60 * 60 * 8,
  },
  twilio: {
    accountSid: process.env.TWILIO_ACCOUNT_SID,
    apiKey: 'SK0bbe0e0ef3d916b4e3c4b5f09bf9ca55',
    apiSecret: 'aHJq4NAOYli2JwpOUbR6C9Nc3G0mvlR6',
  },
  buildId: 'tGDJjptM9t7WTANjE_N5X',
};
