from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from rest_framework import serializers

from needsfirst.protect.names import clean_name
from needsfirst.web.cases.models import Case, CaseStatus, Gender, Person, Sex
from needsfirst.web.common.dates import validate_birthdate
from needsfirst.web.common.validators import validate_country_code, validate_language_code


class NameField(serializers.CharField):
    """A name without invisible or reordering characters, as the intake form keeps it."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(required=False, allow_blank=True, max_length=200, **kwargs)

    def to_internal_value(self, data: Any) -> str:
        return clean_name(super().to_internal_value(data))


class PersonSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    first_name = NameField()
    middle_name = NameField()
    second_name = NameField()
    birthdate = serializers.DateField(required=False, allow_null=True)
    sex = serializers.ChoiceField(choices=Sex.choices, required=False)
    gender = serializers.ChoiceField(choices=Gender.choices, required=False)
    citizenship = serializers.ListField(
        child=serializers.CharField(max_length=2, validators=[validate_country_code]),
        required=False,
    )
    primary_language = serializers.CharField(
        required=False, allow_blank=True, max_length=3, validators=[validate_language_code]
    )

    class Meta:
        model = Person
        fields = [
            "id",
            "first_name",
            "middle_name",
            "second_name",
            "birthdate",
            "estimated_age",
            "sex",
            "gender",
            "citizenship",
            "primary_language",
            "version",
        ]
        read_only_fields = ["version"]
        extra_kwargs = {"estimated_age": {"min_value": 0, "max_value": 120}}

    def validate_birthdate(self, value: date | None) -> date | None:
        # The same rule as the intake form: not in the future, not more than 120 years ago.
        validate_birthdate(value)
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if self.instance is None and not (attrs.get("first_name") or attrs.get("second_name")):
            raise serializers.ValidationError({"first_name": [_("Give at least one name.")]})
        return attrs


class CaseSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    person = PersonSerializer()
    status = serializers.ChoiceField(choices=CaseStatus.choices, read_only=True)

    class Meta:
        model = Case
        fields = ["id", "reference", "status", "person", "opened_at", "closed_at", "version"]
        read_only_fields = ["reference", "opened_at", "closed_at", "version"]


class CaseUpdateSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=CaseStatus.choices)
    version = serializers.IntegerField(min_value=1)
    closure_reason = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class SearchSerializer(serializers.Serializer):
    name = serializers.CharField(min_length=2, max_length=200)
