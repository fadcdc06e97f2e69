<?php
// Installs WordPress with its default content ("Hello world!", "Sample Page", "Privacy Policy").
define( 'WP_INSTALLING', true );
require __DIR__ . '/config.php';
function wp_new_blog_notification() {} // no mail from a throwaway site
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
wp_install( 'Round trip', 'admin', 'admin@example.org', true, '', 'not-a-secret' );
// Date-and-name addresses, which WordPress chooses on a server that rewrites them (php -S
// routes every address through WordPress), and through which its old-slug redirect works.
$GLOBALS['wp_rewrite']->set_permalink_structure( '/%year%/%monthnum%/%day%/%postname%/' );
flush_rewrite_rules( false );
echo "installed\n";
