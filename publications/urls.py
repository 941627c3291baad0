from django.urls import path

from . import feeds
from .views import public, staff

app_name = "publications"

urlpatterns = [
    path("kennisbank/", public.knowledge_base, name="knowledge_base"),
    path("bibliotheek/", public.library_list, name="library_list"),
    path("bibliotheek/rss.xml", feeds.LibraryRssFeed(), name="library_rss"),
    path("bibliotheek/atom.xml", feeds.LibraryAtomFeed(), name="library_atom"),
    path("bibliotheek/ervaring-delen/", public.experience_create, name="experience_create"),
    path("bibliotheek/beheer/", staff.staff_list, name="staff_list"),
    path("bibliotheek/beheer/<int:pk>/", staff.staff_detail, name="staff_detail"),
    path("bibliotheek/beheer/<int:pk>/voorbeeld/", staff.staff_preview, name="staff_preview"),
    path("bibliotheek/beheer/<int:pk>/indienen/", staff.staff_submit, name="staff_submit"),
    path("bibliotheek/beheer/<int:pk>/publiceren/", staff.staff_publish, name="staff_publish"),
    path("bibliotheek/beheer/<int:pk>/offline/", staff.staff_unpublish, name="staff_unpublish"),
    path("bibliotheek/beheer/<int:pk>/versies/<int:number>/", staff.staff_revision, name="staff_revision"),
    path("bibliotheek/beheer/<int:pk>/versies/<int:number>/herstellen/", staff.staff_restore, name="staff_restore"),
    path("bibliotheek/beheer/ervaringen/", staff.staff_experience_list, name="staff_experience_list"),
    path("bibliotheek/beheer/ervaringen/<int:pk>/", staff.staff_experience_detail, name="staff_experience_detail"),
    path(
        "bibliotheek/beheer/ervaringen/<int:pk>/overnemen/", staff.staff_experience_accept, name="staff_experience_accept"
    ),
    path(
        "bibliotheek/beheer/ervaringen/<int:pk>/afwijzen/", staff.staff_experience_decline, name="staff_experience_decline"
    ),
    path("bibliotheek/<slug:slug>/", public.publication_detail, name="publication_detail"),
    path("bibliotheek/<slug:slug>/bijlage/", public.attachment_download, name="attachment_download"),
    path("nieuws/", public.news_list, name="news_list"),
    path("nieuws/rss.xml", feeds.NewsRssFeed(), name="news_rss"),
    path("nieuws/atom.xml", feeds.NewsAtomFeed(), name="news_atom"),
    path("nieuws/<slug:slug>/", public.news_detail, name="news_detail"),
]
