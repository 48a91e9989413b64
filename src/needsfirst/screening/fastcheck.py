"""A fast, conservative pre-check of a record against the published JSON Schema.

`validate_record` runs the full validator (fastjsonschema, then the checks of meaning) and
names the field and the reason of the first error. Most records of an archive are valid, and
for those the full validator is the largest single cost of a batch. This module compiles the
same schema, once, into the source of one plain Python function that only answers "certainly
valid" (True) or "not sure" (False); no message is built, and no function is called per
field (the keywords are inlined as statements; `$ref`s are expanded in place).

It is sound by construction, never complete: a True means every keyword of the schema holds,
checked at least as strictly as the schema says (dates must also be real calendar dates,
integers must not be booleans, a regular expression must match the whole string). A False
sends the record to the full validator, which then accepts it or reports the exact error, so
the fast path never changes an answer, only how fast a valid record gets through. A keyword
the compiler does not know makes it refuse to compile, rather than skip a rule (so does a
recursive `$ref`, which cannot be expanded in place). Tests compare it with jsonschema on
generated and on adversarial records.
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
_KNOWN = frozenset(
    {
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


class _Generator:
    """Emits statements that `return False` as soon as the value in a variable fails."""

    def __init__(self, root: Mapping[str, Any]) -> None:
        self.root = root
        self.names: dict[str, Any] = {"_real_date": _real_date}
        self.lines: list[str] = []
        self.counter = 0
        self.expanding: list[str] = []

    def constant(self, value: Any) -> str:
        name = f"_k{len(self.names)}"
        self.names[name] = value
        return name

    def variable(self) -> str:
        self.counter += 1
        return f"v{self.counter}"

    def put(self, depth: int, text: str) -> None:
        self.lines.append("    " * depth + text)

    def resolve(self, pointer: str) -> Any:
        if not pointer.startswith("#/"):
            raise SchemaNotSupported(f"$ref {pointer!r}")
        node: Any = self.root
        for part in pointer[2:].split("/"):
            node = node[part]
        return node

    def types_of(self, schema: Mapping[str, Any]) -> tuple[type, ...] | None:
        """The Python types a value valid for `schema` can have (None: not stated)."""
        if "$ref" in schema:
            return self.types_of(self.resolve(str(schema["$ref"])))
        if "type" in schema:
            return _TYPES[str(schema["type"])]
        return None

    def block(self, schema: Mapping[str, Any], v: str, depth: int) -> None:
        """The statements of `schema` under a header line already written; `pass` if none."""
        before = len(self.lines)
        self.emit(schema, v, depth)
        if len(self.lines) == before:
            self.put(depth, "pass")

    def emit(self, schema: Mapping[str, Any], v: str, depth: int) -> None:
        unknown = set(schema) - _IGNORED - _KNOWN
        if unknown:
            raise SchemaNotSupported(", ".join(sorted(unknown)))
        if "$ref" in schema:
            if len(set(schema) - _IGNORED) != 1:
                raise SchemaNotSupported("$ref beside other keywords")
            pointer = str(schema["$ref"])
            if pointer in self.expanding:
                raise SchemaNotSupported(f"recursive $ref {pointer!r}")
            self.expanding.append(pointer)
            self.emit(self.resolve(pointer), v, depth)
            self.expanding.pop()
            return
        kind = schema.get("type")
        if kind is not None and kind not in _TYPES:
            raise SchemaNotSupported(f"type {kind!r}")
        put = self.put
        enum_of_strings = "enum" in schema and kind in (None, "string")
        if kind is not None and not enum_of_strings:  # the enum check tests the type itself
            kinds = _TYPES[str(kind)]
            # exact types: a bool is never taken for an integer or a number
            if len(kinds) == 1:
                put(depth, f"if type({v}) is not {kinds[0].__name__}: return False")
            else:
                put(depth, f"if type({v}) not in {self.constant(frozenset(kinds))}: return False")
        if "enum" in schema:
            members = list(schema["enum"])
            if not all(isinstance(member, str) for member in members):
                raise SchemaNotSupported("enum of non-strings")
            names = self.constant(frozenset(members))
            put(depth, f"if type({v}) is not str or {v} not in {names}: return False")
        if "pattern" in schema or "format" in schema or "maxLength" in schema:
            self.string(schema, v, depth, strict=kind == "string")
        if "minimum" in schema or "maximum" in schema:
            self.number(schema, v, depth, strict=kind in ("number", "integer"))
        if any(key in schema for key in ("properties", "additionalProperties", "required")):
            self.object(schema, v, depth, strict=kind == "object")
        if "propertyNames" in schema:
            self.property_names(schema["propertyNames"], v, depth)
        if "items" in schema:
            put(depth, f"if type({v}) is list:")
            item = self.variable()
            put(depth + 1, f"for {item} in {v}:")
            self.block(schema["items"], item, depth + 2)
        if schema.get("uniqueItems"):
            # only lists of strings are compared here; anything else goes to the full validator
            put(depth, f"if type({v}) is list:")
            if "items" not in schema or self.types_of(schema["items"]) != (str,):
                item = self.variable()
                put(depth + 1, f"for {item} in {v}:")
                put(depth + 2, f"if type({item}) is not str: return False")
            # (otherwise the items check above has returned False for any other item)
            put(depth + 1, f"if len(set({v})) != len({v}): return False")
        if "oneOf" in schema:
            self.one_of(list(schema["oneOf"]), v, depth)

    def string(self, schema: Mapping[str, Any], v: str, depth: int, strict: bool) -> None:
        """pattern (matching the whole string), format date, maxLength."""
        if "format" in schema and schema["format"] != "date":
            raise SchemaNotSupported(f"format {schema['format']!r}")
        if not strict:
            self.put(depth, f"if type({v}) is str:")
            depth += 1
        if "pattern" in schema:
            full = self.constant(re.compile(str(schema["pattern"])).fullmatch)
            self.put(depth, f"if {full}({v}) is None: return False")
        if "format" in schema:
            self.put(depth, f"if not _real_date({v}): return False")
        if "maxLength" in schema:
            self.put(depth, f"if len({v}) > {int(schema['maxLength'])}: return False")

    def number(self, schema: Mapping[str, Any], v: str, depth: int, strict: bool) -> None:
        if not strict:
            self.put(depth, f"if type({v}) is int or type({v}) is float:")
            depth += 1
        for keyword, failing in (("minimum", "<"), ("maximum", ">")):
            if keyword in schema:
                bound = schema[keyword]
                if type(bound) not in (int, float):
                    raise SchemaNotSupported(f"{keyword} {bound!r}")
                self.put(depth, f"if {v} {failing} {self.constant(bound)}: return False")

    def object(self, schema: Mapping[str, Any], v: str, depth: int, strict: bool) -> None:
        properties: Mapping[str, Any] = schema.get("properties") or {}
        required = [str(name) for name in schema.get("required", ())]
        extra = schema.get("additionalProperties", True)
        if not strict:
            self.put(depth, f"if type({v}) is dict:")
            depth += 1
        for name in required:
            self.put(depth, f"if {name!r} not in {v}: return False")
        if extra is False:
            allowed = self.constant(frozenset(str(k) for k in properties))
            self.put(depth, f"if not {allowed}.issuperset({v}): return False")
        elif extra is not True:
            key, item = self.variable(), self.variable()
            if properties:
                known = self.constant(frozenset(str(k) for k in properties))
                self.put(depth, f"for {key}, {item} in {v}.items():")
                self.put(depth + 1, f"if {key} not in {known}:")
                self.block(extra, item, depth + 2)
            else:
                self.put(depth, f"for {item} in {v}.values():")
                self.block(extra, item, depth + 1)
        for name, sub in properties.items():
            item = self.variable()
            self.put(depth, f"if {str(name)!r} in {v}:")
            self.put(depth + 1, f"{item} = {v}[{str(name)!r}]")
            self.emit(sub, item, depth + 1)

    def property_names(self, names: Mapping[str, Any], v: str, depth: int) -> None:
        if set(names) - _IGNORED == {"enum"} and all(isinstance(n, str) for n in names["enum"]):
            allowed = self.constant(frozenset(names["enum"]))
            self.put(depth, f"if type({v}) is dict and not {allowed}.issuperset({v}):")
            self.put(depth + 1, "return False")
            return
        key = self.variable()
        self.put(depth, f"if type({v}) is dict:")
        self.put(depth + 1, f"for {key} in {v}:")
        self.block(names, key, depth + 2)

    def one_of(self, branches: list[Mapping[str, Any]], v: str, depth: int) -> None:
        # Exactly one branch must hold. Sound only when the branches take disjoint types:
        # then a value can satisfy at most the one branch of its own type.
        seen: set[type] = set()
        kind = self.variable()
        self.put(depth, f"{kind} = type({v})")
        for position, branch in enumerate(branches):
            kinds = self.types_of(branch)
            if kinds is None:
                raise SchemaNotSupported("oneOf branch without a type")
            if seen & set(kinds):
                raise SchemaNotSupported("oneOf branches of the same type")
            seen |= set(kinds)
            test = " or ".join(f"{kind} is {k.__name__}" for k in kinds)
            self.put(depth, f"{'if' if position == 0 else 'elif'} {test}:")
            self.block(branch, v, depth + 1)
        if branches:
            self.put(depth, "else:")
            self.put(depth + 1, "return False")
        else:
            self.put(depth, "return False")


def schema_source(schema: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    """The Python source of the check of `schema`, and the constants it reads."""
    generator = _Generator(schema)
    generator.put(0, "def check(v0):")
    generator.emit(schema, "v0", 1)
    generator.put(1, "return True")
    return "\n".join(generator.lines) + "\n", generator.names


def compile_schema(schema: Mapping[str, Any]) -> Check:
    """A conservative check of `schema`: True only for values the schema certainly accepts."""
    source, names = schema_source(schema)
    namespace = dict(names)
    exec(compile(source, "<screening fast check>", "exec"), namespace)  # noqa: S102 - our own
    check: Check = namespace["check"]
    return check


@cache
def record_check() -> Check:
    """The conservative check of the published screening-record schema, compiled once."""
    from needsfirst.screening.validation import record_schema

    return compile_schema(record_schema())
