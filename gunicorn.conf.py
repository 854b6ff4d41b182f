# Read by gunicorn from the project directory (the Procfile's `web` starts there).
# Keys in addresses (password-reset links, booking links, calendar feeds) never reach the access log.
logger_class = "ihk_office.access_log.TokenMaskingLogger"
