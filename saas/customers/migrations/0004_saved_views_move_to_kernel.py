# Saved views now belong to the kernel (saas.kernel 0001 takes the model state); the table stays.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("customers", "0003_users_are_global"),
        ("kernel", "0001_saved_views_move_in"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="SavedView")]),
    ]
