"""Who may see what. Staff are active users with `is_staff` who belong to the group "Büro"
(settings.STAFF_GROUP_NAME); the group also carries their rights in the admin."""

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

# The admin rights the group "Büro" never gets, though the rest of their app is theirs (ihk_office.demo):
# the outbox holds mail texts (the staff mail log shows them, credentials masked) and the calendar feeds hold
# each member's private feed token. Nothing of django.contrib.auth is given at all: no user accounts, no groups.
STAFF_GROUP_WITHHELD_MODELS = [("ihk_office", "outgoingmail"), ("committees", "calendarfeed")]


def is_office_staff(user) -> bool:
    """Active, `is_staff` and in the group "Büro". The group is looked up once per request (kept on the user)."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    in_group = getattr(user, "_in_office_staff_group", None)
    if in_group is None:
        in_group = user._in_office_staff_group = user.groups.filter(name=settings.STAFF_GROUP_NAME).exists()
    return in_group


def staff_required(view):
    """Anonymous visitors go to the login page; logged-in people who are not staff get 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_office_staff(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper

