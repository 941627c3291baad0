# Lokale Democratie portal: production image (gunicorn; the same image runs celery worker/beat).
FROM python:3.11-slim-bookworm

ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    UV_PROJECT_ENVIRONMENT=/app/.venv \
    UV_PYTHON_DOWNLOADS=never \
    UV_PYTHON=/usr/local/bin/python3.11 \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    PATH=/app/.venv/bin:$PATH

# WeasyPrint runtime libraries (Pango, HarfBuzz subsetting, a font) and gettext for compilemessages.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core gettext \
    && rm -rf /var/lib/apt/lists/*

RUN pip install "uv>=0.5,<1"

WORKDIR /app

# Dependencies first, so this layer is cached until pyproject.toml or uv.lock change.
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project && rm -rf /root/.cache/uv

COPY . .

# Build-time dummy settings: never used at run time (compose passes the real ones).
# compilemessages fails when no locale directory exists at all, hence the mkdir.
RUN mkdir -p locale \
    && DJANGO_DEBUG=0 SECRET_KEY=build ALLOWED_HOSTS=localhost \
       python manage.py compilemessages --ignore=.venv \
    && DJANGO_DEBUG=0 SECRET_KEY=build ALLOWED_HOSTS=localhost \
       python manage.py collectstatic --noinput

RUN groupadd --system --gid 10001 portal \
    && useradd --system --uid 10001 --gid portal --home-dir /app --no-create-home --shell /usr/sbin/nologin portal \
    && mkdir -p /app/media \
    && chown portal:portal /app/media

USER portal

# HOME (/app) is read-only for this user: let fontconfig (WeasyPrint) cache under /tmp.
ENV XDG_CACHE_HOME=/tmp/.cache

EXPOSE 8000

CMD ["sh", "-c", "exec gunicorn portal.wsgi:application --bind 0.0.0.0:8000 --workers ${WEB_CONCURRENCY:-3} --access-logfile -"]
