<?php
// php -S router: uploads as files, everything else through WordPress's front end.
$path = parse_url( $_SERVER['REQUEST_URI'], PHP_URL_PATH );
if ( str_starts_with( $path, '/wp-content/' ) ) {
	$file = realpath( getenv( 'WP_CONTENT_DIR' ) . substr( $path, strlen( '/wp-content' ) ) );
	if ( $file && str_starts_with( $file, realpath( getenv( 'WP_CONTENT_DIR' ) ) ) && is_file( $file ) ) {
		header( 'Content-Type: ' . mime_content_type( $file ) );
		readfile( $file );
	} else {
		http_response_code( 404 );
	}
	return true;
}
define( 'WP_USE_THEMES', true );
require __DIR__ . '/config.php';
wp();
require ABSPATH . WPINC . '/template-loader.php';
