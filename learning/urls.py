from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import feed_views, views

urlpatterns = [
    path(_("my-learning/"), views.my_learning, name="my_learning"),
    path(_("my-learning/calendar-address/"), views.new_personal_feed, name="new_personal_feed"),
    # Beside the events' feeds (/sv/feeds/...); see the README, "Learning paths".
    path("feeds/path/<id:page_id>.ics", feed_views.path_feed, name="learning_path_feed"),
    path("feeds/me/<str:token>.ics", feed_views.personal_feed, name="personal_feed"),
]
