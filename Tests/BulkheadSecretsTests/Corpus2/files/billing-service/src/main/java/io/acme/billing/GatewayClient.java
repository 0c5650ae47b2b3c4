package io.acme.billing;

import java.net.http.HttpClient;
import java.sql.Connection;
import java.sql.DriverManager;

public final class GatewayClient {
    private static final String API_KEY_HEADER = "X-Api-Key";
    private static final String MERCHANT_API_KEY = "szyToWSAQNWtq3HvPjSU42GHYMcFsVrm";
    private static final String FIND_USER = "SELECT id, password_hash FROM users WHERE email = ?";
    private static final String REQUEST_ID = "8d88065c-ba28-4237-a53d-82833fe9277d";

    private final HttpClient http = HttpClient.newHttpClient();

    static Connection ledger() throws Exception {
        return DriverManager.getConnection("jdbc:mysql://ledger-db.internal:3306/ledger?user=ledger&password=ZJ8X2X3FYQROcEaigG&useSSL=true");
    }
}
