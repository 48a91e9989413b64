"""Model fields whose values are encrypted at rest with the rotatable key ring."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from needsfirst.web.common import crypto

# The longest free text a person may write into one field (a note, a description): a page of a
# report runs to about 3,000 characters; a million pasted characters is a mistake or an attack.
TEXT_MAX_LENGTH = 10_000


class EncryptedTextField(models.TextField):
    """Text stored as an authenticated ciphertext; not searchable or sortable in the database.

    Its length is capped (`text_limit`) in the form field and in model validation, with
    Django's message naming the limit; the database column cannot do it (it holds ciphertext).
    """

    description = "Text encrypted at rest"

    @property
    def text_limit(self) -> int | None:
        return TEXT_MAX_LENGTH

    @cached_property
    def validators(self) -> list[Any]:
        limit = self.text_limit
        return [*super().validators, *([MaxLengthValidator(limit)] if limit else [])]

    def formfield(self, **kwargs: Any) -> Any:
        return super().formfield(**{"max_length": self.text_limit, **kwargs})

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return value
        return self.to_python(crypto.decrypt(value, context=self.crypto_context))

    def get_prep_value(self, value: Any) -> Any:
        return self.get_prep_values([value])[0]

    def get_prep_values(self, values: Sequence[Any]) -> list[Any]:
        """`get_prep_value` of each value, the encryption done in one call (`common.bulk`)."""
        plain = models.TextField.get_prep_value  # zero-argument super() fails in a comprehension
        texts = [self.value_to_text(plain(self, value)) for value in values]
        filled = {position: text for position, text in enumerate(texts) if text}
        tokens = crypto.encrypt_many(list(filled.values()), context=self.crypto_context)
        prepared: list[Any] = list(texts)
        for position, token in zip(filled, tokens, strict=True):
            prepared[position] = token
        return prepared

    @property
    def crypto_context(self) -> str:
        # Bound into each token: a ciphertext copied into another column fails to decrypt.
        return f"{self.model._meta.label_lower}.{self.attname}"

    def value_to_text(self, value: Any) -> str | None:
        return None if value is None else str(value)


class EncryptedCharField(EncryptedTextField):
    """A short encrypted value (a name, a number), shown as a one-line input."""

    def __init__(self, *args: Any, form_max_length: int = 200, **kwargs: Any) -> None:
        self.form_max_length = form_max_length
        super().__init__(*args, **kwargs)

    @property
    def text_limit(self) -> int | None:
        return self.form_max_length

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["form_max_length"] = self.form_max_length
        return name, path, args, kwargs

    def formfield(self, **kwargs: Any) -> Any:
        defaults: dict[str, Any] = {
            "form_class": forms.CharField,
            "max_length": self.form_max_length,
        }
        defaults.update(kwargs)
        return models.Field.formfield(self, **defaults)


class EncryptedDateField(EncryptedTextField):
    """A date (a birth date) kept as an encrypted ISO string."""

    @property
    def text_limit(self) -> int | None:
        return None

    def to_python(self, value: Any) -> date | None:
        if value is None or value == "" or isinstance(value, date):
            return value or None
        try:
            return date.fromisoformat(str(value))
        except ValueError as error:
            raise ValidationError(_("Enter a valid date."), code="invalid") from error

    def value_to_text(self, value: Any) -> str | None:
        if value is None or value == "":
            return None
        return self.to_python(value).isoformat()  # type: ignore[union-attr]

    def formfield(self, **kwargs: Any) -> Any:
        defaults: dict[str, Any] = {
            "form_class": forms.DateField,
            "widget": forms.DateInput(attrs={"type": "date"}),
        }
        defaults.update(kwargs)
        return models.Field.formfield(self, **defaults)


class EncryptedJSONField(EncryptedTextField):
    """A JSON value (answers, facts, a result) kept as one encrypted token of canonical text."""

    description = "JSON encrypted at rest"

    @property
    def text_limit(self) -> int | None:
        return None  # written by the application, not typed by a person

    # django-stubs reads these: the Python value is JSON data, not text.
    _pyi_private_set_type: Any
    _pyi_private_get_type: Any

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            return json.loads(value) if value else None
        return value

    def value_to_text(self, value: Any) -> str | None:
        if value is None:
            return None
        return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
