from django.conf import settings
from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView

from . import dashboard, dossier, views
from .pagecache import public_page

portal_patterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("privacy/", views.privacy, name="privacy"),
    path("toegankelijkheid/", views.accessibility, name="accessibility"),
    path("gemeenten/", views.municipality_list, name="municipality_list"),
    path("gemeenten/<slug:slug>/", views.municipality_detail, name="municipality_detail"),
    path("gemeenten/<slug:slug>/dossier/", dossier.municipality_dossier, name="municipality_dossier"),
    path("mijn/", views.dashboard, name="dashboard"),
    path("mijn/profiel/", views.profile_edit, name="profile_edit"),
    path("mijn/griffier/", views.griffier_role_request, name="griffier_role_request"),
    path("mijn/gegevens/", views.personal_data_download, name="personal_data_download"),
    path("mijn/account-verwijderen/", views.account_delete, name="account_delete"),
    path("beheer/", views.staff_home, name="staff_home"),
    path("beheer/cijfers/", dashboard.staff_dashboard, name="staff_dashboard"),
    path("beheer/cijfers/<slug:key>/", dashboard.staff_dashboard_export, name="staff_dashboard_export"),
    path("beheer/griffiers/", views.griffier_role_queue, name="griffier_role_queue"),
    path("beheer/griffiers/<int:pk>/", views.griffier_role_decide, name="griffier_role_decide"),
]

urlpatterns = [
    path("", include((portal_patterns, "portal"))),
    path("programmas/", include("programmes.urls")),
    path("quickscan/", include("quickscan.urls")),
    path("workshops/", include("workshops.urls")),
    path("consulenten/", include("consultants.urls")),
    path("aanbod/", include("offers.urls")),
    path("netwerk/", include("network.urls")),
    path("agenda/", include("events.urls")),
    path("", include("publications.urls")),
    path("nieuwsbrief/", include("newsletter.urls")),
    path("zoeken/", include("portal.search")),
    path("", include("portal.sitemaps")),
    # The sign-in page is the same for every visitor: kept whole like the other public pages.
    path("accounts/login/", public_page(views.sign_in, although_no_store=True), name="account_login"),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    # Browsers, feed readers and link previews ask for /favicon.ico whatever a page links to.
    path("favicon.ico", RedirectView.as_view(url=lazy(static, str)("favicon.ico"), permanent=True)),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

