from django.contrib.auth.management import create_permissions
from django.db import migrations

PAGE_PERMISSIONS = {
    # Editors run the site's structure and events: they create, edit and publish anywhere.
    "Editors": ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    # Communicators write and submit for review; a moderator or editor publishes.
    "Communicators": ["add_page", "change_page"],
}
COLLECTION_PERMISSIONS = {
    "Editors": ["add_image", "change_image", "choose_image", "add_document", "change_document", "choose_document"],
    "Communicators": ["add_image", "change_image", "choose_image", "add_document", "change_document", "choose_document"],
}
GLOBAL_PERMISSIONS = {
    "Editors": [("wagtailadmin", "admin", "access_admin"), ("wagtail_localize", "translation", "submit_translation")],
    "Communicators": [("wagtailadmin", "admin", "access_admin"), ("wagtail_localize", "translation", "submit_translation")],
}


def create_groups(apps, schema_editor):
    # Model permissions are normally made after all migrations; this migration needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    Page = apps.get_model("wagtailcore.Page")
    Collection = apps.get_model("wagtailcore.Collection")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")

    # Permissions on the tree root cover the Swedish tree and every translated tree beside it.
    root_page = Page.objects.get(depth=1)
    root_collection = Collection.objects.get(depth=1)

    for name, codenames in PAGE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for codename in codenames:
            permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
            GroupPagePermission.objects.get_or_create(group=group, page=root_page, permission=permission)
        for codename in COLLECTION_PERMISSIONS[name]:
            app_label = "wagtailimages" if codename.endswith("image") else "wagtaildocs"
            permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=permission
            )
        for app_label, model, codename in GLOBAL_PERMISSIONS[name]:
            permission = Permission.objects.get(
                content_type__app_label=app_label, content_type__model=model, codename=codename
            )
            group.permissions.add(permission)


def remove_groups(apps, schema_editor):
    apps.get_model("auth.Group").objects.filter(name="Communicators").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0002_initial_site"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(create_groups, remove_groups),
    ]
