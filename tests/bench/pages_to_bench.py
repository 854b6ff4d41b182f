"""The key pages `make bench` loads, resolved against the seeded demo data: (label, path, persona)."""

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone


def resolve() -> list[tuple[str, str, str | None]]:
    from committees.models import Meeting, Minutes
    from companies.models import Company
    from consultations.models import ConsultationDay, Slot
    from events.models import Event

    now = timezone.now()
    day = ConsultationDay.objects.filter(date__gte=timezone.localdate(), status="open").order_by("date").first()
    slot = Slot.objects.filter(day=day, starts_at__gt=now).order_by("starts_at").first()
    busiest = Company.objects.annotate(n=Count("visits")).order_by("-n", "pk").first()
    meeting = (
        Meeting.objects.filter(minutes__status=Minutes.Status.APPROVED, committee__slug="regionalbeirat")
        .order_by("-starts_at")
        .first()
    )
    crowded = _crowded_event(now)
    public_event = Event.objects.listed(now).order_by("starts_at").first()
    return [
        ("home", "/", None),
        ("consultation days", reverse("consultations:days"), None),
        ("booking form", reverse("consultations:book", args=[slot.pk]), None),
        ("day sheet", reverse("consultations_staff:day_sheet", args=[day.pk]), "staff"),
        ("company directory", reverse("companies:directory"), "staff"),
        (f"company ({busiest.n} visits)", reverse("companies:company_detail", args=[busiest.pk]), "staff"),
        ("visits dashboard", reverse("companies:dashboard"), "staff"),
        ("coverage", reverse("companies:coverage"), "staff"),
        ("meeting with minutes", reverse("committees:minutes_detail", args=[meeting.pk]), "member"),
        (f"event ({crowded.n} registrations)", reverse("events_staff:detail", args=[crowded.pk]), "staff"),
        ("public event page", reverse("events:detail", args=[public_event.pk]), None),
    ]


def _crowded_event(now):
    """The upcoming event with the most registrations (the seeded reception: 50 per scale step, 500 at scale 10)."""
    from events import demo
    from events.models import Event
    from ihk_office.models import Office

    if not Event.objects.filter(title="Jahresempfang der Hattinger Wirtschaft").exists():
        # A benchmark database seeded before the events app existed: add the events' demo data (idempotent).
        demo.seed(office=Office.objects.order_by("pk").first(), scale=10, stdout=None)
    return Event.objects.filter(starts_at__gt=now).annotate(n=Count("registrations")).order_by("-n", "pk").first()
