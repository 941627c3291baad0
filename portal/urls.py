from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from . import views

portal_patterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("privacy/", views.privacy, name="privacy"),
    path("toegankelijkheid/", views.accessibility, name="accessibility"),
    path("gemeenten/", views.municipality_list, name="municipality_list"),
    path("gemeenten/<slug:slug>/", views.municipality_detail, name="municipality_detail"),
    path("mijn/", views.dashboard, name="dashboard"),
    path("mijn/profiel/", views.profile_edit, name="profile_edit"),
    path("mijn/griffier/", views.griffier_role_request, name="griffier_role_request"),
    path("beheer/", views.staff_home, name="staff_home"),
    path("beheer/griffiers/", views.griffier_role_queue, name="griffier_role_queue"),
    path("beheer/griffiers/<int:pk>/", views.griffier_role_decide, name="griffier_role_decide"),
]

urlpatterns = [
    path("", include((portal_patterns, "portal"))),
    path("programmas/", include("programmes.urls")),
    path("quickscan/", include("quickscan.urls")),
    path("workshops/", include("workshops.urls")),
    path("consulenten/", include("consultants.urls")),
    path("", include("publications.urls")),
    path("nieuwsbrief/", include("newsletter.urls")),
    path("zoeken/", include("portal.search")),
    path("", include("portal.sitemaps")),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

