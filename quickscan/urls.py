from django.urls import path

from .views import answering, configure, monitor, reports, staff

app_name = "quickscan"

urlpatterns = [
    # The griffier's set-up (consultants and managers read)
    path("", configure.scan_list, name="scan_list"),
    path("nieuw/", configure.scan_create, name="scan_create"),
    path("voorwaarden/<slug:slug>/", configure.agreement, name="agreement"),
    path("<int:pk>/", configure.scan_detail, name="scan_detail"),
    path("<int:pk>/instellingen/", configure.scan_edit, name="scan_edit"),
    path("<int:pk>/eigen-vragen/", configure.scan_questions, name="scan_questions"),
    path("<int:pk>/link-voor-inwoners/", configure.scan_open_link, name="scan_open_link"),
    path("<int:pk>/respondenten/", configure.scan_respondents, name="scan_respondents"),
    path(
        "<int:pk>/respondenten/<int:invitation_pk>/verwijderen/",
        configure.scan_respondent_remove,
        name="scan_respondent_remove",
    ),
    path("<int:pk>/voorbeeld/", configure.scan_preview, name="scan_preview"),
    # Running the scan
    path("<int:pk>/respons/", monitor.scan_monitor, name="scan_monitor"),
    path("<int:pk>/openen/", monitor.scan_open, name="scan_open"),
    path("<int:pk>/herinneren/", monitor.scan_remind, name="scan_remind"),
    path("<int:pk>/verlengen/", monitor.scan_extend, name="scan_extend"),
    path("<int:pk>/sluiten/", monitor.scan_close, name="scan_close"),
    # The report and the verbeteragenda
    path("<int:pk>/rapport/", reports.scan_report, name="scan_report"),
    path("<int:pk>/rapport/status/", reports.scan_report_status, name="scan_report_status"),
    path("<int:pk>/rapport/pdf-status/", reports.scan_report_pdf_status, name="scan_report_pdf_status"),
    path("<int:pk>/rapport.pdf", reports.scan_report_pdf, name="scan_report_pdf"),
    path("<int:pk>/verbeteragenda/", reports.action_list, name="action_list"),
    path("<int:pk>/verbeteragenda/<int:action_pk>/", reports.action_edit, name="action_edit"),
    # Respondents, without an account
    path("invullen/<uuid:public_id>/<str:token>/", answering.answer, name="answer"),
    path("open/<uuid:public_id>/<str:code>/", answering.open_link, name="open_link"),
    # Programme staff
    path("beheer/", staff.staff_scan_list, name="staff_scan_list"),
    path("beheer/landelijk/", staff.staff_national, name="staff_national"),
    path("beheer/export/", staff.staff_export, name="staff_export"),
]
