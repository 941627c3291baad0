from django.urls import path

from .views import public, staff

app_name = "newsletter"

urlpatterns = [
    path("", public.subscribe, name="subscribe"),
    path("aangemeld/", public.subscribe_sent, name="subscribe_sent"),
    path("bevestigen/<str:token>/", public.confirm, name="confirm"),
    path("instellingen/<str:token>/", public.manage, name="manage"),
    path("afmelden/<str:token>/", public.unsubscribe, name="unsubscribe"),
    path("archief/", public.archive_list, name="archive_list"),
    path("archief/<slug:slug>/", public.archive_detail, name="archive_detail"),
    path("mijn-abonnement/", public.my_subscription, name="my_subscription"),
    path("beheer/", staff.edition_list, name="staff_edition_list"),
    path("beheer/nieuw/", staff.edition_create, name="staff_edition_create"),
    path("beheer/abonnees/", staff.subscriber_list, name="staff_subscriber_list"),
    path("beheer/abonnees/export/", staff.subscriber_export, name="staff_subscriber_export"),
    path("beheer/<int:pk>/", staff.edition_detail, name="staff_edition"),
    path("beheer/<int:pk>/bewerken/", staff.edition_update, name="staff_edition_update"),
    path("beheer/<int:pk>/items/", staff.edition_items_add, name="staff_items_add"),
    path("beheer/<int:pk>/tekst/", staff.edition_text_add, name="staff_text_add"),
    path("beheer/<int:pk>/items/<int:item_pk>/", staff.edition_item_change, name="staff_item_change"),
    path("beheer/<int:pk>/voorbeeld/", staff.edition_preview, name="staff_preview"),
    path("beheer/<int:pk>/voorbeeld.txt", staff.edition_preview_text, name="staff_preview_text"),
    path("beheer/<int:pk>/test/", staff.edition_test_send, name="staff_test_send"),
    path("beheer/<int:pk>/versturen/", staff.edition_send, name="staff_send"),
    path("beheer/<int:pk>/hervatten/", staff.edition_resume, name="staff_resume"),
    path("beheer/<int:pk>/voortgang/", staff.edition_progress, name="staff_progress"),
    path("beheer/<int:pk>/katern.pdf", staff.edition_katern, name="staff_katern"),
]
