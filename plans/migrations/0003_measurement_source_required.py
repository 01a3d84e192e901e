from django.db import migrations, models


class Migration(migrations.Migration):
    """Every measurement says where its figure comes from (0002 filled the missing ones)."""

    dependencies = [
        ("plans", "0002_versions_consultation_meetings_projects"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="indicatormeasurement",
            constraint=models.CheckConstraint(
                condition=models.Q(("source", ""), _negated=True), name="indicatormeasurement_source_given"
            ),
        ),
    ]
