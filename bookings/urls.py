from django.urls import path

from . import views

urlpatterns = [
    path("bookings/event/<id:event_id>/book/", views.book, name="book"),
    path("bookings/<id:booking_id>/cancel/", views.cancel, name="cancel_booking"),
]
