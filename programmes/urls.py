from django.urls import path

from . import views

app_name = "programmes"

urlpatterns = [
    path("", views.programme_list, name="programme_list"),
    path("themas/<slug:slug>/", views.theme_detail, name="theme_detail"),
    path("<slug:slug>/", views.programme_detail, name="programme_detail"),
]
