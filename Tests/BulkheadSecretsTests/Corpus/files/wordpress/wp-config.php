<?php
/** The base configuration for WordPress */
define( 'DB_NAME', 'wordpress' );
define( 'DB_USER', 'wp_prod' );
define( 'DB_PASSWORD', 'G4^fcCulJ26fvxCk8-54E' );
define( 'DB_HOST', 'mariadb.internal:3306' );
define( 'DB_CHARSET', 'utf8mb4' );
define( 'DB_COLLATE', '' );

define( 'AUTH_KEY',         'm}lfBA:BgF|+[>0ah>LBsp4YJ7w)i~}l^5LcTnatvczrNB5u-rz&x#%izdQfCfYU' );
define( 'SECURE_AUTH_KEY',  '{_)n3Sc+H4Wum<{fk?24e]&0-[i7*UdV~)R!_CUm4lpE5l*wK1M1(Z=K.s;U<((w' );
define( 'LOGGED_IN_KEY',    'put your unique phrase here' );
define( 'NONCE_KEY',        'put your unique phrase here' );

$table_prefix = 'wp_';
define( 'WP_DEBUG', false );
if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', __DIR__ . '/' );
}
require_once ABSPATH . 'wp-settings.php';
