from django.urls import path

from .views import checkin, public, registrations, staff

app_name = "events"

urlpatterns = [
    path("", public.event_list, name="event_list"),
    path("archief/", public.event_archive, name="event_archive"),
    path("feeds/", public.feed_list, name="feed_list"),
    path("feeds/alle.ics", public.feed_all, name="feed_all"),
    path("feeds/regio/<slug:slug>.ics", public.feed_region, name="feed_region"),
    path("feeds/programma/<slug:slug>.ics", public.feed_programme, name="feed_programme"),
    path("feeds/persoonlijk/<str:token>.ics", registrations.feed_personal, name="feed_personal"),
    path("mijn/", registrations.my_registrations, name="my_registrations"),
    path("mijn/agenda-adres/", registrations.feed_reset, name="feed_reset"),
    path("inschrijving/<str:token>/", registrations.registration_detail, name="registration_detail"),
    path("inschrijving/<str:token>/agenda.ics", registrations.registration_ical, name="registration_ical"),
    path("bevestigen/<str:token>/", registrations.registration_confirm, name="registration_confirm"),
    path("annuleren/<str:token>/", registrations.registration_cancel_view, name="registration_cancel"),
    path("plek/<str:token>/", registrations.offer, name="offer"),
    path("plek/<str:token>/aannemen/", registrations.offer_claim, name="offer_claim"),
    path("plek/<str:token>/afslaan/", registrations.offer_decline, name="offer_decline"),
    path("beheer/", staff.staff_event_list, name="staff_event_list"),
    path("beheer/nieuw/", staff.staff_event_create, name="staff_event_create"),
    path("beheer/cijfers/", staff.staff_figures, name="staff_figures"),
    path("beheer/scan/<str:token>/", checkin.checkin_scan, name="checkin_scan"),
    path("beheer/<int:pk>/", staff.staff_event_detail, name="staff_event_detail"),
    path("beheer/<int:pk>/bewerken/", staff.staff_event_edit, name="staff_event_edit"),
    path("beheer/<int:pk>/publiceren/", staff.staff_event_publish, name="staff_event_publish"),
    path("beheer/<int:pk>/annuleren/", staff.staff_event_cancel, name="staff_event_cancel"),
    path("beheer/<int:pk>/kopieren/", staff.staff_event_copy, name="staff_event_copy"),
    path("beheer/<int:pk>/export/", staff.staff_export, name="staff_export"),
    path("beheer/<int:pk>/bericht/", staff.staff_message, name="staff_message"),
    path(
        "beheer/<int:pk>/inschrijvingen/<int:registration_pk>/annuleren/",
        staff.staff_registration_cancel,
        name="staff_registration_cancel",
    ),
    path("beheer/<int:pk>/inchecken/", checkin.checkin, name="checkin"),
    path("beheer/<int:pk>/inchecken/teller/", checkin.checkin_count, name="checkin_count"),
    path("beheer/<int:pk>/inchecken/<int:registration_pk>/", checkin.checkin_toggle, name="checkin_toggle"),
    path("<slug:slug>/", public.event_detail, name="event_detail"),
    path("<slug:slug>/agenda.ics", public.event_ical, name="event_ical"),
    path("<slug:slug>/inschrijven/", public.event_register, name="event_register"),
    path("<slug:slug>/aanmelden/", public.event_apply, name="event_apply"),
]
