"""A fast, conservative pre-check of a record against the published JSON Schema.

`validate_record` runs the full validator (fastjsonschema, then the checks of meaning) and
names the field and the reason of the first error. Most records of an archive are valid, and
for those the full validator is the largest single cost of a batch. This module compiles the
same schema, once, into plain closures that only answer "certainly valid" (True) or "not sure"
(False); no message is built.

It is sound by construction, never complete: a True means every keyword of the schema holds,
checked at least as strictly as the schema says (dates must also be real calendar dates,
integers must not be booleans, a regular expression must match the whole string). A False
sends the record to the full validator, which then accepts it or reports the exact error, so
the fast path never changes an answer, only how fast a valid record gets through. A keyword
the compiler does not know makes it refuse to compile, rather than skip a rule. Tests compare
it with jsonschema on generated and on adversarial records.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from functools import cache
from typing import Any

Check = Callable[[Any], bool]

_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "object": (dict,),
    "array": (list,),
    "boolean": (bool,),
}
_IGNORED = frozenset({"$schema", "$id", "$comment", "title", "description", "examples", "$defs"})


class SchemaNotSupported(ValueError):
    """The schema uses a keyword the fast check does not implement."""


def _real_date(value: str) -> bool:
    if len(value) != 10:
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _all(checks: list[Check]) -> Check:
    if not checks:
        return lambda value: True
    if len(checks) == 1:
        return checks[0]
    frozen = tuple(checks)

    def check(value: Any) -> bool:
        return all(one(value) for one in frozen)

    return check


class _Compiler:
    def __init__(self, root: Mapping[str, Any]) -> None:
        self.root = root
        self.refs: dict[str, Check] = {}

    def ref(self, pointer: str) -> Check:
        if not pointer.startswith("#/"):
            raise SchemaNotSupported(f"$ref {pointer!r}")
        if pointer not in self.refs:
            node: Any = self.root
            for part in pointer[2:].split("/"):
                node = node[part]
            holder: list[Check] = []
            self.refs[pointer] = lambda value: holder[0](value)
            holder.append(self.compile(node))
            self.refs[pointer] = holder[0]
        return self.refs[pointer]

    def types_of(self, schema: Mapping[str, Any]) -> tuple[type, ...] | None:
        """The Python types a value valid for `schema` can have (None: not stated)."""
        if "$ref" in schema:
            node: Any = self.root
            for part in str(schema["$ref"])[2:].split("/"):
                node = node[part]
            return self.types_of(node)
        if "type" in schema:
            return _TYPES[str(schema["type"])]
        return None

    def compile(self, schema: Mapping[str, Any]) -> Check:
        unknown = (
            set(schema)
            - _IGNORED
            - {
                "$ref",
                "type",
                "enum",
                "pattern",
                "format",
                "maxLength",
                "minimum",
                "maximum",
                "properties",
                "additionalProperties",
                "required",
                "propertyNames",
                "items",
                "uniqueItems",
                "oneOf",
            }
        )
        if unknown:
            raise SchemaNotSupported(", ".join(sorted(unknown)))
        checks: list[Check] = []
        if "$ref" in schema:
            if len(set(schema) - _IGNORED) != 1:
                raise SchemaNotSupported("$ref beside other keywords")
            return self.ref(str(schema["$ref"]))
        kind = schema.get("type")
        if kind is not None and kind not in _TYPES:
            raise SchemaNotSupported(f"type {kind!r}")
        scalar = self._scalar(schema, kind)
        if scalar is not None:
            return scalar
        if kind is not None and kind != "object":
            allowed = frozenset(_TYPES[kind])
            # exact types: a bool is never taken for an integer or a number
            checks.append(lambda value: type(value) in allowed)
        if "enum" in schema:
            checks.append(self._enum(schema))
        if "pattern" in schema or "format" in schema or "maxLength" in schema:
            checks.append(self._string(schema))
        if "minimum" in schema or "maximum" in schema:
            checks.append(self._number(schema, (int, float)))
        if any(key in schema for key in ("properties", "additionalProperties", "required")):
            checks.append(self._object(schema, strict=kind == "object"))
        elif kind == "object":
            checks.append(lambda value: type(value) is dict)
        if "propertyNames" in schema:
            names_check = self.compile(schema["propertyNames"])
            checks.append(
                lambda value: type(value) is not dict or all(names_check(key) for key in value)
            )
        if "items" in schema:
            item_check = self.compile(schema["items"])
            checks.append(
                lambda value: type(value) is not list or all(item_check(item) for item in value)
            )
        if schema.get("uniqueItems"):
            # only lists of strings are compared here; anything else goes to the full validator
            checks.append(
                lambda value: (
                    type(value) is not list
                    or (all(type(item) is str for item in value) and len(set(value)) == len(value))
                )
            )
        if "oneOf" in schema:
            checks.append(self._one_of(list(schema["oneOf"])))
        return _all(checks)

    def _scalar(self, schema: Mapping[str, Any], kind: object) -> Check | None:
        """One closure for the common leaves: a string (enum, or pattern, format, length)
        or a number with bounds; None for anything else."""
        keys = set(schema) - _IGNORED - {"type"}
        if kind == "string" and keys == {"enum"}:
            return self._enum(schema)
        if kind == "string" and keys <= {"pattern", "format", "maxLength"}:
            return self._string(schema, strict=True)
        if kind in ("number", "integer") and keys <= {"minimum", "maximum"}:
            return self._number(schema, _TYPES[str(kind)], strict=True)
        return None

    @staticmethod
    def _enum(schema: Mapping[str, Any]) -> Check:
        members = list(schema["enum"])
        if not all(isinstance(member, str) for member in members):
            raise SchemaNotSupported("enum of non-strings")
        names = frozenset(members)
        return lambda value: type(value) is str and value in names

    @staticmethod
    def _string(schema: Mapping[str, Any], strict: bool = False) -> Check:
        """pattern (matching the whole string), format date, maxLength; `strict`: must be str."""
        if "format" in schema and schema["format"] != "date":
            raise SchemaNotSupported(f"format {schema['format']!r}")
        full = re.compile(str(schema["pattern"])).fullmatch if "pattern" in schema else None
        is_date = "format" in schema
        longest = int(schema["maxLength"]) if "maxLength" in schema else None

        def check(value: Any) -> bool:
            if type(value) is not str:
                return not strict
            if full is not None and full(value) is None:
                return False
            if is_date and not _real_date(value):
                return False
            return longest is None or len(value) <= longest

        return check

    @staticmethod
    def _number(schema: Mapping[str, Any], kinds: tuple[type, ...], strict: bool = False) -> Check:
        low = schema.get("minimum")
        high = schema.get("maximum")
        allowed = frozenset(kinds)

        def check(value: Any) -> bool:
            if type(value) not in allowed:
                return not strict
            if low is not None and value < low:
                return False
            return high is None or value <= high

        return check

    def _object(self, schema: Mapping[str, Any], strict: bool) -> Check:
        fields = {str(k): self.compile(v) for k, v in (schema.get("properties") or {}).items()}
        required = tuple(str(name) for name in schema.get("required", ()))
        extra = schema.get("additionalProperties", True)
        if extra is True:
            other: Check | None = None
        elif extra is False:
            other = lambda value: False  # noqa: E731
        else:
            other = self.compile(extra)

        def check(value: Any) -> bool:
            if type(value) is not dict:
                return not strict
            for name in required:
                if name not in value:
                    return False
            for key, item in value.items():
                one = fields.get(key)
                if one is None:
                    if other is not None and not other(item):
                        return False
                elif not one(item):
                    return False
            return True

        return check

    def _one_of(self, branches: list[Mapping[str, Any]]) -> Check:
        # Exactly one branch must hold. Sound only when the branches take disjoint types:
        # then a value can satisfy at most the one branch of its own type.
        by_type: dict[type, Check] = {}
        for branch in branches:
            kinds = self.types_of(branch)
            if kinds is None:
                raise SchemaNotSupported("oneOf branch without a type")
            compiled = self.compile(branch)
            for kind in kinds:
                if kind in by_type:
                    raise SchemaNotSupported("oneOf branches of the same type")
                by_type[kind] = compiled

        def check(value: Any) -> bool:
            one = by_type.get(type(value))
            return one is not None and one(value)

        return check


def compile_schema(schema: Mapping[str, Any]) -> Check:
    """A conservative check of `schema`: True only for values the schema certainly accepts."""
    return _Compiler(schema).compile(schema)


@cache
def record_check() -> Check:
    """The conservative check of the published screening-record schema, compiled once."""
    from needsfirst.screening.validation import record_schema

    return compile_schema(record_schema())
