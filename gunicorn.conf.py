# Read by gunicorn from the working directory (the project root, /app in the image).
# The access log never shows a token: see portal.log_redaction.py.
logger_class = "portal.log_redaction.GunicornLogger"
