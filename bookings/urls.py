from django.urls import path

from . import views

urlpatterns = [
    path("bookings/event/<int:event_id>/book/", views.book, name="book"),
    path("bookings/<int:booking_id>/cancel/", views.cancel, name="cancel_booking"),
]
