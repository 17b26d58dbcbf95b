from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

urlpatterns = [
    path(_("my-learning/evaluation/<int:booking_id>/"), views.evaluation, name="followup_evaluation"),
    path(_("my-learning/follow-up/<int:booking_id>/"), views.follow_up, name="followup_follow_up"),
    path(_("my-learning/certificate/"), views.certificate, name="followup_certificate"),
]
