from django.urls import path

from . import views

app_name = "offers"

urlpatterns = [
    path("", views.offer_list, name="offer_list"),
    path("aanvragen/", views.application_list, name="application_list"),
    path("aanvragen/<int:pk>/", views.application_detail, name="application_detail"),
    path("aanvragen/<int:pk>/stap/<slug:step>/", views.application_step, name="application_step"),
    path("aanvragen/<int:pk>/indienen/", views.application_submit, name="application_submit"),
    path("aanvragen/<int:pk>/verwijderen/", views.application_discard, name="application_discard"),
    path("aanvragen/<int:pk>/intrekken/", views.application_withdraw, name="application_withdraw"),
    path("aanvragen/<int:pk>/bijlagen/<int:attachment_pk>/", views.attachment_download, name="attachment_download"),
    path(
        "aanvragen/<int:pk>/bijlagen/<int:attachment_pk>/verwijderen/",
        views.attachment_remove,
        name="attachment_remove",
    ),
    path("beheer/", views.staff_queue, name="staff_queue"),
    path("beheer/export/", views.staff_export, name="staff_export"),
    path("beheer/aanvragen/<int:pk>/", views.staff_application_detail, name="staff_application_detail"),
    path("beheer/aanvragen/<int:pk>/notitie/", views.staff_application_note, name="staff_application_note"),
    path("beheer/aanvragen/<int:pk>/toewijzen/", views.staff_application_assign, name="staff_application_assign"),
    path("beheer/aanvragen/<int:pk>/besluit/", views.staff_application_decide, name="staff_application_decide"),
    path("<slug:slug>/", views.offer_detail, name="offer_detail"),
    path("<slug:slug>/aanvragen/", views.application_start, name="application_start"),
]
