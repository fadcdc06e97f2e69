<?php
// Runs the official WordPress Importer (given as WP_IMPORTER) on the file in argv[1],
// as WordPress's administrator, fetching attachments from the loopback media server.
define( 'WP_ADMIN', true );
define( 'WP_LOAD_IMPORTERS', true );
require __DIR__ . '/config.php';
require_once ABSPATH . 'wp-admin/includes/admin.php';
wp_set_current_user( 1 );
add_filter( 'http_request_host_is_external', '__return_true' );
add_filter(
	'http_allowed_safe_ports',
	function ( $ports ) {
		$ports[] = (int) getenv( 'MEDIA_PORT' );
		return $ports;
	}
);
require getenv( 'WP_IMPORTER' ) . '/wordpress-importer.php';
wordpress_importer_init();
$importer = $GLOBALS['wp_import'];
$importer->fetch_attachments = true;
$importer->import( $argv[1] );
