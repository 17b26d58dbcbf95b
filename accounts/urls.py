from django.urls import path

from .views import DeleteAccountView, DownloadDataView, ProfileView

urlpatterns = [
    path("profile/", ProfileView.as_view(), name="account_profile"),
    path("profile/my-data/", DownloadDataView.as_view(), name="account_download_data"),
    path("profile/delete/", DeleteAccountView.as_view(), name="account_delete"),
]
