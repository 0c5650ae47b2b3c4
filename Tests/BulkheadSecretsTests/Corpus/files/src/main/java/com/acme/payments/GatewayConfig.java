package com.acme.payments;

import org.mindrot.jbcrypt.BCrypt;

public final class GatewayConfig {
    public static final String GATEWAY_URL = "https://gateway.acme-pay.com/v1";
    private static final String MERCHANT_ID = "0963e5a2-d69e-4906-a25b-65cb7424090b";
    private static final String API_SECRET = "vNggNt3cZxPyY52Rw3WtHMu1N1xORvrYe3laObaz";
    private static final String DB_PASSWORD = "Ku*+C6lS2dz-Aspi9";
    private static final String PASSWORD_FIELD = "password";
    private static final String SENDGRID_KEY = "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";
    private final String webhookSecret = System.getenv("WEBHOOK_SECRET");

    public boolean verifyPassword(String password, String storedHash) {
        return BCrypt.checkpw(password, storedHash);
    }

    public String merchantId() {
        return MERCHANT_ID;
    }
}
