package io.acme.wallet

object ApiConfig {
    const val BASE_URL = "https://api.acme.io/"
    const val ALGOLIA_APP_ID = "QGRP9V58X0"
    const val SHOPIFY_ADMIN_TOKEN = "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"
    val CERT_PINS = listOf(
        "sha256/i6YNG+crgkRcd0Nl0eDl0s5o+SF7gsd5lgYfZ7Ch3G4=",
        "sha256/YHBo9k+yEJZ0mBHxzwASmNtduABtqS+09CX+uPf5gc4=",
    )
    const val PASSWORD_MIN_LENGTH = 12
}
