from django.contrib.auth.management import create_permissions
from django.db import migrations

# Editors and Organisers see the evaluation results of events; Editors maintain the questionnaires
# (issue 21). Communicators get neither.
RESULTS = ("answer", "view_evaluation_results")
QUESTIONNAIRE = [
    ("questionnaire", "add_questionnaire"),
    ("questionnaire", "change_questionnaire"),
    ("questionnaire", "delete_questionnaire"),
    ("questionnaire", "view_questionnaire"),
]


def grant(apps, schema_editor):
    # Model permissions are normally made after all migrations; this migration needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")

    def permission(model, codename):
        return Permission.objects.get(content_type__app_label="followup", content_type__model=model, codename=codename)

    results = permission(*RESULTS)
    questionnaire = [permission(*p) for p in QUESTIONNAIRE]
    for group in Group.objects.filter(name="Organisers"):
        group.permissions.add(results)
    for group in Group.objects.filter(name="Editors"):
        group.permissions.add(results, *questionnaire)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth.Permission")
    for group in apps.get_model("auth.Group").objects.filter(name__in=["Editors", "Organisers"]):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="followup"))


class Migration(migrations.Migration):
    dependencies = [
        ("followup", "0001_evaluations_and_follow_up"),
        ("bookings", "0003_organisers_and_date_interest"),
        ("home", "0003_editorial_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
