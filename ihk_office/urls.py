from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views
from .forms import OutboxPasswordResetForm

legal_pages = [
    path("impressum/", views.legal_page, {"page": "impressum"}, name="impressum"),
    path("datenschutz/", views.legal_page, {"page": "privacy"}, name="privacy"),
    path("barrierefreiheit/", views.legal_page, {"page": "accessibility"}, name="accessibility"),
]

account_urls = [
    path("login/", views.ThrottledLoginView.as_view(), name="login"),
    path(
        "password_reset/",
        auth_views.PasswordResetView.as_view(form_class=OutboxPasswordResetForm),
        name="password_reset",
    ),
    path("", include("django.contrib.auth.urls")),
    path("weiter/", views.after_login, name="after_login"),
]

staff_urls = [
    path("", views.staff_home, name="staff_home"),
    path("buero/oeffnungszeiten/", views.office_hours_edit, name="office_hours"),
    path("buero/schliesszeiten/neu/", views.closure_create, name="closure_create"),
    path("buero/schliesszeiten/<int:pk>/loeschen/", views.closure_delete, name="closure_delete"),
    path("buero/mails/", views.mail_log, name="mail_log"),
    path("buero/mails/<int:pk>/", views.mail_detail, name="mail_detail"),
    path("buero/mails/<int:pk>/erneut/", views.mail_retry, name="mail_retry"),
    path("sprechtage/", include("consultations.staff_urls")),
    path("firmen/", include("companies.urls")),
    path("gremien/", include("committees.staff_urls")),
    path("veranstaltungen/", include("events.staff_urls")),
    path("auskunft/", include("ihk_office.answer_staff_urls")),
]

# Language in the URL: German unprefixed, English under /en/ (the switch in the header is a plain link).
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt),
    path("admin/", admin.site.urls),
    *i18n_patterns(
        path("", views.home, name="home"),
        *legal_pages,
        path("konto/", include(account_urls)),
        path("intern/", include(staff_urls)),
        path("sprechtag/", include("consultations.urls")),
        path("gremien/", include("committees.urls")),
        path("veranstaltungen/", include("events.urls")),
        path("auskunft/", include("ihk_office.answer_urls")),
        prefix_default_language=False,
    ),
]

if settings.BENCHMARK_BASELINE:
    from .bench import baseline

    urlpatterns.append(path("bench/baseline/", baseline, name="bench_baseline"))
