from django.utils.functional import SimpleLazyObject

from .models import default_office
from .permissions import is_office_staff


def site(request):
    """The office for header and footer (loaded only if a template uses it) and the staff flag."""
    return {
        "office": SimpleLazyObject(default_office),
        "is_office_staff": is_office_staff(request.user) if hasattr(request, "user") else False,
    }
