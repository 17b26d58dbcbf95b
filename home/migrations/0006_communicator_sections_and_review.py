from django.db import migrations

# News index pages get the same grant when they are created (home/permissions.py, migration 0007 adds them).
SECTION_MODELS = [("home", "ThemeIndexPage")]


def narrow_communicators_and_add_reviewers(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    Page = apps.get_model("wagtailcore.Page")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")

    communicators = Group.objects.get(name="Communicators")
    editors = Group.objects.get(name="Editors")
    moderators, _ = Group.objects.get_or_create(name="Moderators")
    root = Page.objects.get(depth=1)

    # Communicators no longer edit anywhere in the tree, only in the sections opened to them.
    GroupPagePermission.objects.filter(group=communicators, page=root).delete()
    for app_label, model_name in SECTION_MODELS:
        for page in apps.get_model(app_label, model_name).objects.all():
            for codename in ("add_page", "change_page"):
                permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
                GroupPagePermission.objects.get_or_create(group=communicators, page_id=page.pk, permission=permission)

    # One review step for the whole site: moderators or editors approve and publish what is submitted.
    task = GroupApprovalTask.objects.filter(name="Moderators approval").first()
    if task is None:
        task = GroupApprovalTask.objects.create(name="Moderators approval", active=True)
        workflow = Workflow.objects.create(name="Moderators approval", active=True)
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
        WorkflowPage.objects.get_or_create(page=root, defaults={"workflow": workflow})
    task.groups.add(moderators, editors)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0005_richer_blocks"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(narrow_communicators_and_add_reviewers, migrations.RunPython.noop),
    ]
