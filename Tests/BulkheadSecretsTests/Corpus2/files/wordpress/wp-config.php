<?php
/** Database settings */
define( 'DB_NAME', 'wp_marketing' );
define( 'DB_USER', 'wp_marketing' );
define( 'DB_PASSWORD', 'pylon.lantern.Quartz21@' );
define( 'DB_HOST', 'marketing-db.internal' );
define( 'DB_CHARSET', 'utf8mb4' );

/** Authentication keys and salts come from the environment (see deploy/wp.env). */
define( 'AUTH_KEY',         getenv( 'WP_AUTH_KEY' ) );
define( 'SECURE_AUTH_KEY',  getenv( 'WP_SECURE_AUTH_KEY' ) );
define( 'LOGGED_IN_KEY',    getenv( 'WP_LOGGED_IN_KEY' ) );
define( 'NONCE_KEY',        getenv( 'WP_NONCE_KEY' ) );

$table_prefix = 'wp_';
define( 'WP_DEBUG', false );

if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', __DIR__ . '/' );
}
require_once ABSPATH . 'wp-settings.php';
