from django.urls import path

from . import views

app_name = "consultants"

urlpatterns = [
    path("", views.consultant_list, name="consultant_list"),
    path("vind/", views.consultant_find, name="consultant_find"),
    path("regio/", views.regional_overview, name="regional_overview"),
    path("<slug:slug>/", views.consultant_detail, name="consultant_detail"),
]
