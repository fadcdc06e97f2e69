"""The WordPress migration's models now belong to the wordpress app (its 0001 migration).

Their tables stay where they are: only the posts app's record of them goes.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("posts", "0007_wordpress_attachment_credit"),
        ("wordpress", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="WordPressAttachment"),
                migrations.DeleteModel(name="WordPressGallery"),
            ],
        ),
    ]
