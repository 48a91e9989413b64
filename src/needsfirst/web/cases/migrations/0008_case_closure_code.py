"""A case closed by a hand-over keeps a code (said in each reader's language) instead of the
English sentence written at acceptance; the recipient and the day are on the hand-over."""

from django.db import migrations, models


def handed_over_cases_get_the_code(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    Case.objects.filter(handed_over_at__isnull=False).update(
        closure_code="handed_over", closure_reason=""
    )


def codes_back_to_sentences(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    Case.objects.filter(closure_code="handed_over").update(
        closure_code="", closure_reason="Handed over to another organisation."
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0007_person_merged_into"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="closure_code",
            field=models.CharField(
                blank=True,
                choices=[("handed_over", "Handed over to another organisation.")],
                editable=False,
                max_length=16,
            ),
        ),
        migrations.RunPython(handed_over_cases_get_the_code, codes_back_to_sentences),
    ]
