from django.urls import path

from . import views

app_name = "quickscan"

urlpatterns = [
    path("", views.scan_list, name="scan_list"),
    path("nieuw/", views.scan_create, name="scan_create"),
    path("voorwaarden/<slug:slug>/", views.agreement, name="agreement"),
    path("<int:pk>/", views.scan_detail, name="scan_detail"),
    path("<int:pk>/instellingen/", views.scan_edit, name="scan_edit"),
    path("<int:pk>/eigen-vragen/", views.scan_questions, name="scan_questions"),
    path("<int:pk>/link-voor-inwoners/", views.scan_open_link, name="scan_open_link"),
    path("<int:pk>/respondenten/", views.scan_respondents, name="scan_respondents"),
    path(
        "<int:pk>/respondenten/<int:invitation_pk>/verwijderen/",
        views.scan_respondent_remove,
        name="scan_respondent_remove",
    ),
    path("<int:pk>/voorbeeld/", views.scan_preview, name="scan_preview"),
    path("<int:pk>/openen/", views.scan_open, name="scan_open"),
    path("<int:pk>/herinneren/", views.scan_remind, name="scan_remind"),
    path("<int:pk>/verlengen/", views.scan_extend, name="scan_extend"),
    path("<int:pk>/sluiten/", views.scan_close, name="scan_close"),
    path("<int:pk>/respons/", views.scan_monitor, name="scan_monitor"),
    path("<int:pk>/rapport/", views.scan_report, name="scan_report"),
    path("<int:pk>/rapport.pdf", views.scan_report_pdf, name="scan_report_pdf"),
    path("<int:pk>/verbeteragenda/", views.action_list, name="action_list"),
    path("<int:pk>/verbeteragenda/<int:action_pk>/", views.action_edit, name="action_edit"),
    path("invullen/<uuid:public_id>/<str:token>/", views.answer, name="answer"),
    path("open/<uuid:public_id>/<str:code>/", views.open_link, name="open_link"),
    path("beheer/", views.staff_scan_list, name="staff_scan_list"),
    path("beheer/landelijk/", views.staff_national, name="staff_national"),
    path("beheer/export/", views.staff_export, name="staff_export"),
]
