from django.db import migrations

# Wagtail's default name, which migration 0006 kept, and the names home/workflow_names.py translates.
OLD = "Moderators approval"
WORKFLOW = "Review"
TASK = "Approval by a moderator"


def rename(apps, schema_editor, workflow_name, task_name, old_workflow=OLD, old_task=OLD):
    apps.get_model("wagtailcore.Workflow").objects.filter(name=old_workflow).update(name=workflow_name)
    apps.get_model("wagtailcore.Task").objects.filter(name=old_task).update(name=task_name)


def forwards(apps, schema_editor):
    rename(apps, schema_editor, WORKFLOW, TASK)


def backwards(apps, schema_editor):
    rename(apps, schema_editor, OLD, OLD, old_workflow=WORKFLOW, old_task=TASK)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0009_content_version"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
