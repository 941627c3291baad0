from django.urls import path

from . import views

app_name = "network"

urlpatterns = [
    path("", views.network_home, name="network_home"),
    path("leden/", views.member_list, name="member_list"),
    path("aansluiten/", views.join, name="join"),
    path("partner/", views.partner_apply, name="partner_apply"),
    path("coalities/<slug:slug>/", views.coalition_detail, name="coalition_detail"),
    path("coalities/<slug:slug>/deelnemen/", views.coalition_join, name="coalition_join"),
    path("coalities/<slug:slug>/verlaten/", views.coalition_leave, name="coalition_leave"),
    path("beheer/", views.staff_partner_queue, name="staff_partner_queue"),
    path("beheer/<int:pk>/", views.staff_partner_decide, name="staff_partner_decide"),
]
