from django.db import migrations, models
from django.db.models import F

# The site-content, feed and feed-block versions (home/versions.py, events/feeds/cache.py): moving
# them on makes every cached page and feed, which may hold a meeting link, be built again.
CACHED_WITH_LINKS = ("site:content", "events:feeds:version", "events:feeds:blocks")


def forget_cached_pages_and_feeds(apps, schema_editor):
    apps.get_model("home", "ContentVersion").objects.filter(name__in=CACHED_WITH_LINKS).update(
        value=F("value") + 1
    )


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0010_feed_stamp"),
        ("home", "0009_content_version"),
    ]

    operations = [
        migrations.AddField(
            model_name="eventpage",
            name="online_url_public",
            field=models.BooleanField(
                default=False,
                help_text="When ticked, everyone sees the link on the event page and in the public calendar feeds. Otherwise only the personal calendars of those who follow it have it.",
                verbose_name="show the meeting link publicly",
            ),
        ),
        migrations.RunPython(forget_cached_pages_and_feeds, migrations.RunPython.noop),
    ]
