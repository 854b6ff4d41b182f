"""Model fields shared by the apps."""

from django.db import models


class OneLineCharField(models.CharField):
    """Text that may end up in a mail header (a meeting's title, a committee's name): line breaks become spaces
    wherever it is saved from (forms, the admin, services), so no header is ever broken by it."""

    def to_python(self, value):
        value = super().to_python(value)
        return " ".join(value.splitlines()).strip() if isinstance(value, str) else value

    def get_prep_value(self, value):
        return self.to_python(super().get_prep_value(value))

    def pre_save(self, model_instance, add):
        value = self.to_python(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value
