"""The WordPress migration's models move here from the posts app, tables and rows untouched.

Only Django's idea of where the models live changes (SeparateDatabaseAndState);
their content types follow them, so permissions and admin history stay attached.
"""

import django.db.models.deletion
from django.db import migrations, models

MOVED_MODELS = ["wordpressattachment", "wordpressgallery"]


def move_content_types(apps, schema_editor, old="posts", new="wordpress"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED_MODELS:
        if not ContentType.objects.filter(app_label=new, model=model).exists():
            ContentType.objects.filter(app_label=old, model=model).update(app_label=new)


def restore_content_types(apps, schema_editor):
    move_content_types(apps, schema_editor, old="wordpress", new="posts")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("media_gallery", "0002_image_description"),
        ("posts", "0007_wordpress_attachment_credit"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='WordPressAttachment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('wp_id', models.PositiveBigIntegerField(unique=True, verbose_name='WordPress id')),
                        ('parent_wp_id', models.PositiveBigIntegerField(blank=True, null=True, verbose_name='WordPress id of the post it belongs to')),
                        ('url', models.URLField(max_length=1000, verbose_name='address on the old site')),
                        ('link_path', models.CharField(blank=True, db_index=True, help_text='The path (and query) of its <link>, as visitors ask for it.', max_length=1000, verbose_name='attachment page on the old site')),
                        ('file_path', models.CharField(blank=True, db_index=True, help_text='Relative to wp-content/uploads.', max_length=500, verbose_name='file')),
                        ('title', models.CharField(blank=True, max_length=300, verbose_name='title')),
                        ('slug', models.CharField(blank=True, max_length=200, verbose_name='slug')),
                        ('caption', models.TextField(blank=True, verbose_name='caption')),
                        ('description', models.TextField(blank=True, verbose_name='description')),
                        ('alt_text', models.CharField(blank=True, max_length=500, verbose_name='alternative text')),
                        ('credit', models.CharField(blank=True, max_length=200, verbose_name='credit')),
                        ('published_at', models.DateTimeField(blank=True, null=True, verbose_name='upload date')),
                        ('status', models.CharField(blank=True, max_length=20, verbose_name='WordPress status')),
                        ('menu_order', models.IntegerField(default=0, verbose_name='order')),
                        ('file_found', models.BooleanField(help_text='Whether the file was in --uploads-dir; empty when not checked.', null=True, verbose_name='file found')),
                        ('file_checksum', models.CharField(blank=True, help_text='SHA-256 of the file the media item was made from: a later import leaves an unchanged file alone, even if an editor has replaced it here since.', max_length=64, verbose_name='checksum of the imported file')),
                        ('image', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='wordpress_attachments', to='media_gallery.image', verbose_name='image')),
                        ('video', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='wordpress_attachments', to='media_gallery.video', verbose_name='video')),
                    ],
                    options={
                        'verbose_name': 'WordPress attachment',
                        'verbose_name_plural': 'WordPress attachments',
                        'db_table': 'posts_wordpressattachment',
                        'ordering': ['wp_id'],
                        'constraints': [models.CheckConstraint(condition=models.Q(('image__isnull', True), ('video__isnull', True), _connector='OR'), name='wordpress_attachment_one_media_item')],
                    },
                ),
                migrations.CreateModel(
                    name='WordPressGallery',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('post_wp_id', models.PositiveBigIntegerField(verbose_name='WordPress id of the post')),
                        ('position', models.PositiveSmallIntegerField(verbose_name='place in the post')),
                        ('shortcode', models.TextField(verbose_name='shortcode')),
                        ('gallery', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='wordpress_source', to='media_gallery.gallery', verbose_name='gallery')),
                    ],
                    options={
                        'verbose_name': 'WordPress gallery',
                        'verbose_name_plural': 'WordPress galleries',
                        'db_table': 'posts_wordpressgallery',
                        'ordering': ['post_wp_id', 'position'],
                        'constraints': [models.UniqueConstraint(fields=('post_wp_id', 'position'), name='wordpress_gallery_unique_place')],
                    },
                ),
            ],
        ),
        migrations.RunPython(move_content_types, restore_content_types),
    ]
