from django.urls import path
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from . import check_in_views, views

urlpatterns = [
    path("bookings/event/<id:event_id>/book/", views.book, name="book"),
    path("bookings/<id:booking_id>/cancel/", views.cancel, name="cancel_booking"),
    # Self check-in (bookings/check_in_views.py): /sv/incheckning/, /en/check-in/ and their tokens.
    path(_("check-in/"), check_in_views.check_in_code, name="check_in_code"),
    path(format_lazy("{}<str:token>/", _("check-in/")), check_in_views.check_in, name="check_in"),
]
