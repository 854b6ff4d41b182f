"""The key pages `make bench` loads, resolved against the seeded demo data: (label, path, persona)."""

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone


def resolve() -> list[tuple[str, str, str | None]]:
    from committees.models import Meeting, Minutes
    from companies.models import Company
    from consultations.models import ConsultationDay, Slot

    now = timezone.now()
    day = ConsultationDay.objects.filter(date__gte=timezone.localdate(), status="open").order_by("date").first()
    slot = Slot.objects.filter(day=day, starts_at__gt=now).order_by("starts_at").first()
    busiest = Company.objects.annotate(n=Count("visits")).order_by("-n", "pk").first()
    meeting = (
        Meeting.objects.filter(minutes__status=Minutes.Status.APPROVED, committee__slug="regionalbeirat")
        .order_by("-starts_at")
        .first()
    )
    return [
        ("home", "/", None),
        ("consultation days", reverse("consultations:days"), None),
        ("booking form", reverse("consultations:book", args=[slot.pk]), None),
        ("day sheet", reverse("consultations_staff:day_sheet", args=[day.pk]), "staff"),
        ("company directory", reverse("companies:directory"), "staff"),
        (f"company ({busiest.n} visits)", reverse("companies:company_detail", args=[busiest.pk]), "staff"),
        ("visits dashboard", reverse("companies:dashboard"), "staff"),
        ("meeting with minutes", reverse("committees:minutes_detail", args=[meeting.pk]), "member"),
    ]
