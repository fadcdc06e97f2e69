<?php
// Prints, as JSON, what WordPress's database holds after the import: every post,
// page and attachment with its metadata and terms, and the sticky posts.
require __DIR__ . '/config.php';
global $wpdb;
$items = array();
foreach ( $wpdb->get_results( "SELECT * FROM {$wpdb->posts} WHERE post_type IN ('post','page','attachment')", ARRAY_A ) as $row ) {
	$row['meta'] = array();
	foreach ( get_post_meta( $row['ID'] ) as $key => $values ) {
		$row['meta'][ $key ] = $values;
	}
	$row['terms'] = array();
	foreach ( array( 'category', 'post_tag' ) as $taxonomy ) {
		$row['terms'][ $taxonomy ] = wp_get_object_terms( $row['ID'], $taxonomy, array( 'fields' => 'slugs' ) );
	}
	$row['url'] = 'attachment' === $row['post_type'] ? wp_get_attachment_url( $row['ID'] ) : '';
	$items[] = $row;
}
$terms = array();
foreach ( get_terms( array( 'taxonomy' => array( 'category', 'post_tag' ), 'hide_empty' => false ) ) as $term ) {
	$parent = $term->parent ? get_term( $term->parent )->slug : '';
	$terms[] = array( 'taxonomy' => $term->taxonomy, 'slug' => $term->slug, 'name' => $term->name, 'parent' => $parent );
}
echo json_encode( array( 'items' => $items, 'terms' => $terms, 'sticky' => get_option( 'sticky_posts' ) ) );
