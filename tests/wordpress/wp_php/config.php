<?php
// A throwaway WordPress on Debian's package, for the round-trip test: everything
// comes from the environment the test sets, nothing from /etc/wordpress.
define( 'DB_NAME', getenv( 'WP_DB_NAME' ) );
define( 'DB_USER', 'root' );
define( 'DB_PASSWORD', '' );
define( 'DB_HOST', 'localhost:' . getenv( 'WP_DB_SOCKET' ) );
define( 'DB_CHARSET', 'utf8mb4' );
define( 'DB_COLLATE', '' );
define( 'WP_HOME', getenv( 'WP_URL' ) );
define( 'WP_SITEURL', getenv( 'WP_URL' ) );
define( 'WP_CONTENT_DIR', getenv( 'WP_CONTENT_DIR' ) );
define( 'WP_CONTENT_URL', getenv( 'WP_URL' ) . '/wp-content' );
define( 'WP_DEBUG', false );
define( 'DISABLE_WP_CRON', true );
define( 'AUTOMATIC_UPDATER_DISABLED', true );
define( 'WP_HTTP_BLOCK_EXTERNAL', false );
$table_prefix = 'wp_';
if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', getenv( 'WP_ROOT' ) . '/' );
}
require_once ABSPATH . 'wp-settings.php';
