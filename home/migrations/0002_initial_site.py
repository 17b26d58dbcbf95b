import uuid

from django.db import migrations


def create_home_page(apps, schema_editor):
    """Replace Wagtail's placeholder page with a Swedish HomePage and point the default site at it."""
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")
    HomePage = apps.get_model("home.HomePage")

    Locale.objects.get_or_create(language_code="sv")
    Locale.objects.get_or_create(language_code="en")
    if HomePage.objects.exists():
        return
    page_content_type = ContentType.objects.get(model="page", app_label="wagtailcore")
    Page.objects.filter(content_type=page_content_type, slug="home", depth=2).delete()
    root = Page.objects.get(depth=1)

    locale, _ = Locale.objects.get_or_create(language_code="sv")
    home_content_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="home")
    last_child = Page.objects.filter(depth=2).order_by("-path").first()
    # Treebeard's path steps are four base-36 characters; leave room after any existing sibling.
    step = int(last_child.path[-4:], 36) + 1 if last_child else 1
    path = root.path + _base36(step).rjust(4, "0")
    home = HomePage.objects.create(
        title="Conecto+",
        draft_title="Conecto+",
        slug="hem",
        content_type=home_content_type,
        path=path,
        depth=2,
        numchild=0,
        url_path="/hem/",
        locale=locale,
        translation_key=uuid.uuid4(),
        live=True,
        has_unpublished_changes=False,
    )
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    Site.objects.filter(is_default_site=True).delete()
    Site.objects.create(
        hostname="localhost", port=80, root_page_id=home.pk, is_default_site=True, site_name="Conecto+"
    )


def _base36(number):
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    out = ""
    while number:
        number, remainder = divmod(number, 36)
        out = digits[remainder] + out
    return out or "0"


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_home_page, migrations.RunPython.noop),
    ]
