"""Demo data: the next consultation days with slots, and some bookings on the first of them."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from companies.demo import ensure_training_occupations
from companies.models import TrainingOccupation

from .models import Booking, Role, Topic
from .services import BookingRefused, book, move, plan_days

# (name, e-mail, who is advised when it is not the booker, role, topic, question). Murat Yılmaz books for both
# his children on the same day: one slot per child.
DEMO_PEOPLE = [
    ("Lena Hoffmann", "lena.hoffmann@example.org", "", Role.PUPIL, Topic.CAREER, "Welche Berufe gibt es im Handel?"),
    ("Murat Yılmaz", "murat.yilmaz@example.org", "Emre Yılmaz", Role.PARENT, Topic.FINDING,
     "Mein Sohn sucht ab August."),
    ("Sophie Wagner", "", "", Role.APPRENTICE, Topic.CONTRACT, "Probezeit verlängern – geht das?"),
    ("Jonas Becker", "jonas.becker@example.org", "", Role.PUPIL, Topic.FINDING, ""),
    ("Murat Yılmaz", "murat.yilmaz@example.org", "Elif Yılmaz", Role.PARENT, Topic.CAREER,
     "Meine Tochter weiß noch nicht, was sie werden will."),
]
# Their "Wunschberuf" (companies.TrainingOccupation): the demo companies offer places in these (companies.demo).
DEMO_WISHES = {
    "Lena Hoffmann": "Kaufmann/-frau im Einzelhandel",
    "Murat Yılmaz": "Industriemechaniker/-in",
    "Jonas Becker": "Fachinformatiker/-in – Fachrichtung Systemintegration",
}


@transaction.atomic
def seed(*, office, scale: int = 1, stdout=None) -> None:
    entries = plan_days(office=office, start=timezone.localdate(), months=settings.CONSULTATION_PLAN_MONTHS)
    created = sum(1 for entry in entries if entry.action == "create")
    day = office.consultation_days.filter(date__gte=timezone.localdate(), status="open").order_by("date").first()
    made, booked = 0, []
    if day is not None and not Booking.objects.filter(day=day).exists():
        ensure_training_occupations()  # the people's wishes name them
        slots = list(day.slots.filter(starts_at__gt=timezone.now()).order_by("starts_at"))
        for slot, (name, email, person, role, topic, question) in zip(slots[::2] + slots[1::2], DEMO_PEOPLE,
                                                                      strict=False):
            try:
                booking = book(slot, name=name, email=email, phone="02324 123456" if not email else "",
                               source="phone" if not email else "online", person_name=person, role=role,
                               topic=topic, question=question,
                               wish=TrainingOccupation.objects.filter(name=DEMO_WISHES.get(name, "")).first())
            except BookingRefused:
                continue
            if booking.status == Booking.Status.PENDING:
                booking.status, booking.confirmed_at = Booking.Status.CONFIRMED, timezone.now()
                booking.save(update_fields=["status", "confirmed_at"])
            made += 1
            booked.append((booking, slots.index(slot)))
        # One person moved her time half an hour later herself (into a free slot): the day sheet shows both times.
        taken = {index for _booking, index in booked}
        for booking, index in reversed(booked):
            if index + 1 < len(slots) and index + 1 not in taken:
                try:
                    move(booking=booking, to_slot=slots[index + 1])
                except BookingRefused:
                    continue
                break
    if stdout is not None:
        stdout.write(f"Sprechtage: {created} neu geplant, {made} Demo-Buchungen")
