"""Public URLs of "Tell me about new dates", under the language prefix (site/urls.py)."""

from django.urls import path

from . import interest_views

urlpatterns = [
    path(
        "bookings/new-dates/<id:event_id>/", interest_views.ask_for_new_dates, name="bookings_ask_new_dates"
    ),
    path(
        "bookings/new-dates/<id:event_id>/stop/",
        interest_views.stop_new_dates,
        name="bookings_stop_new_dates",
    ),
]
