from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

urlpatterns = [
    path(_("my-learning/"), views.my_learning, name="my_learning"),
]
