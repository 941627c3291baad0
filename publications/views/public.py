"""The library, news and the knowledge base, for everyone; sharing an experience, for members."""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from portal.pagecache import public_page
from portal.throttle import throttle
from programmes.models import Theme

from .. import services
from ..attachments import ATTACHMENT_TYPES, download_name
from ..filters import LibraryFilter, NewsFilter
from ..forms import ExperienceForm
from ..models import Publication
from ..pagecache import cached_html
from ..permissions import (
    experience_municipalities,
    get_downloadable_publication,
    get_published_publication,
    member_required,
)

PAGE_SIZE = 20
RELATED = 3
EXPERIENCE_LIMIT, EXPERIENCE_WINDOW = 10, 3600


def _cards(queryset):
    return queryset.select_related("programme", "municipality").prefetch_related("themes")


@public_page
@require_safe
def library_list(request: HttpRequest) -> HttpResponse:
    def build() -> str:
        library_filter = LibraryFilter(request.GET or None, queryset=Publication.objects.published().library())
        page = Paginator(_cards(library_filter.qs), PAGE_SIZE).get_page(request.GET.get("page"))
        context = {"filter": library_filter, "page_obj": page}
        return render_to_string("publications/_library_content.html", context, request)

    content = cached_html("library", request.get_full_path(), build=build)
    return render(request, "publications/library_list.html", {"content": content})


@public_page
@require_safe
def publication_detail(request: HttpRequest, slug: str) -> HttpResponse:
    publication = get_published_publication(slug, news=False)
    return render(request, "publications/publication_detail.html", detail_context(publication))


def detail_context(publication: Publication, *, preview: bool = False) -> dict:
    themes = list(publication.themes.all())
    related = (
        _cards(Publication.objects.published())
        .filter(themes__in=themes)
        .exclude(pk=publication.pk)
        .distinct()
        .order_by("-published_at")[:RELATED]
        if themes
        else Publication.objects.none()
    )
    return {"publication": publication, "themes": themes, "related": list(related), "preview": preview}


@public_page
@require_safe
def news_list(request: HttpRequest) -> HttpResponse:
    def build() -> str:
        news_filter = NewsFilter(request.GET or None, queryset=Publication.objects.published().news())
        page = Paginator(_cards(news_filter.qs), PAGE_SIZE).get_page(request.GET.get("page"))
        return render_to_string("publications/_news_content.html", {"filter": news_filter, "page_obj": page}, request)

    content = cached_html("news", request.get_full_path(), build=build)
    return render(request, "publications/news_list.html", {"content": content})


@public_page
@require_safe
def news_detail(request: HttpRequest, slug: str) -> HttpResponse:
    publication = get_published_publication(slug, news=True)
    return render(request, "publications/publication_detail.html", detail_context(publication))


@require_safe
def attachment_download(request: HttpRequest, slug: str) -> HttpResponse:
    """The attachment as a download with a clean name; a draft's only for content staff."""
    publication = get_downloadable_publication(request.user, slug)
    kind = ATTACHMENT_TYPES.get(publication.attachment_type)
    if kind is None:
        raise Http404
    try:
        handle = publication.attachment.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=download_name(publication.title, kind.extension), content_type=kind.mimetype
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "public, max-age=3600" if publication.is_live else "private, no-store"
    return response


@public_page
@require_safe
def knowledge_base(request: HttpRequest) -> HttpResponse:
    """The four knowledge themes with how much the library holds on each, and the latest experiences."""

    def build() -> str:
        live = Q(publications__status=Publication.Status.PUBLISHED, publications__published_at__lte=timezone.now())
        themes = Theme.objects.filter(kind=Theme.Kind.KNOWLEDGE).annotate(
            publication_count=Count("publications", filter=live & ~Q(publications__type=Publication.Type.NEWS)),
            experience_count=Count("publications", filter=live & Q(publications__type=Publication.Type.EXPERIENCE)),
        )
        experiences = _cards(Publication.objects.published().experiences()).order_by("-published_at")[:4]
        context = {"themes": themes, "experiences": experiences}
        return render_to_string("publications/_knowledge_base_content.html", context, request)

    return render(request, "publications/knowledge_base.html", {"content": cached_html("knowledge_base", build=build)})


@member_required
@throttle("experience", limit=EXPERIENCE_LIMIT, period=EXPERIENCE_WINDOW)
@require_http_methods(["GET", "HEAD", "POST"])
def experience_create(request: HttpRequest) -> HttpResponse:
    municipalities = experience_municipalities(request.user)
    if not municipalities.exists():
        return render(request, "publications/experience_no_municipality.html")
    form = ExperienceForm(
        request.POST or None,
        initial={"submission_key": uuid.uuid4(), "contact_name": request.user.get_full_name(), "contact_email": request.user.email},
        municipalities=municipalities,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.experience_submit(
                user=request.user,
                municipality=data["municipality"],
                title=data["title"],
                what=data["what"],
                why=data["why"],
                result=data["result"],
                lessons=data["lessons"],
                contact_name=data["contact_name"],
                contact_email=data["contact_email"],
                themes=list(data["themes"]),
                submission_key=data["submission_key"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you. The editors will read your experience and contact you."))
            return redirect("portal:dashboard")
    return render(request, "publications/experience_form.html", {"form": form})
