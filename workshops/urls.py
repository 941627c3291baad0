from django.urls import path

from . import views

app_name = "workshops"

urlpatterns = [
    path("", views.workshop_list, name="workshop_list"),
    path("aanvragen/", views.request_list, name="request_list"),
    path("aanvragen/nieuw/", views.request_create, name="request_create"),
    path("aanvragen/<int:pk>/", views.request_detail, name="request_detail"),
    path("aanvragen/<int:pk>/bericht/", views.request_message, name="request_message"),
    path("aanvragen/<int:pk>/accepteren/", views.proposal_accept, name="proposal_accept"),
    path("aanvragen/<int:pk>/agenda.ics", views.request_ical, name="request_ical"),
    path("evaluatie/<str:token>/", views.evaluation_form, name="evaluation_form"),
    path("beheer/", views.staff_request_queue, name="staff_request_queue"),
    path("beheer/export/", views.staff_request_export, name="staff_request_export"),
    path("beheer/evaluaties/", views.staff_evaluation_results, name="staff_evaluation_results"),
    path("beheer/evaluaties/export/", views.staff_evaluation_export, name="staff_evaluation_export"),
    path("beheer/aanvragen/<int:pk>/", views.staff_request_detail, name="staff_request_detail"),
    path("beheer/aanvragen/<int:pk>/bericht/", views.staff_request_message, name="staff_request_message"),
    path("beheer/aanvragen/<int:pk>/status/", views.staff_request_status, name="staff_request_status"),
    path("beheer/aanvragen/<int:pk>/toewijzen/", views.staff_request_assign, name="staff_request_assign"),
    path("beheer/aanvragen/<int:pk>/voorstel/", views.staff_proposal_create, name="staff_proposal_create"),
    path("<slug:slug>/", views.workshop_detail, name="workshop_detail"),
]
