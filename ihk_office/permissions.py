"""Who may see what. Staff are active users with `is_staff` who belong to the group "Büro"
(settings.STAFF_GROUP_NAME); the group also carries their rights in the admin."""

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import connection

# The admin rights the group "Büro" never gets, though the rest of their app is theirs (ihk_office.demo):
# the outbox holds mail texts (the staff mail log shows them, credentials masked) and the calendar feeds hold
# each member's private feed token. Nothing of django.contrib.auth is given at all: no user accounts, no groups.
STAFF_GROUP_WITHHELD_MODELS = [("ihk_office", "outgoingmail"), ("committees", "calendarfeed")]


def is_office_staff(user) -> bool:
    """Active, `is_staff` and in the group "Büro". The group is looked up once per request (kept on the user; the
    logged-in user brings it from ihk_office.auth_backends), so taking someone out of the group takes effect on
    their next request."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    in_group = getattr(user, "_in_office_staff_group", None)
    if in_group is None:
        in_group = user._in_office_staff_group = _in_staff_group(user.pk)
    return in_group


def in_staff_group_sql(user_id_column: str) -> tuple[str, list]:
    """SQL (and its parameters) for "the user `user_id_column` names is in the group Büro", as a condition: asked
    before every staff page, so written out (the ORM spent 0.5 ms building `user.groups.filter(name=…).exists()`,
    five times what the database needs to answer it). Also part of the logged-in user's query
    (ihk_office.auth_backends)."""
    from django.contrib.auth.models import Group, User

    memberships, groups = User.groups.through._meta.db_table, Group._meta.db_table
    return (f'EXISTS(SELECT 1 FROM "{memberships}" m JOIN "{groups}" g ON g.id = m.group_id '  # noqa: S608  # nosec B608 – names from the models
            f"WHERE m.user_id = {user_id_column} AND g.name = %s)", [settings.STAFF_GROUP_NAME])


def _in_staff_group(user_id: int) -> bool:
    condition, params = in_staff_group_sql("%s")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {condition}", [user_id, *params])
        return bool(cursor.fetchone()[0])


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

