"""FHIR R4 element types from the ``fhir.resources`` R4B models: the type of a JSON key of a given parent.

The rule engine needs the FHIR type of every node (``HumanName``, ``Address``, ``date``, ...) to
apply type rules such as ``{type: HumanName, action: redact}``. ``fhir.resources`` knows the R4
structure of every resource and data type (R4B, the R4 technical correction: the R4 elements are
the same); this module reads it once per (parent, key) and caches.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass
from functools import cache
from typing import Any

__all__ = ["ElementType", "child_type", "is_resource_type"]


_BUILTIN: dict[Any, str] = {bool: "boolean", str: "string", int: "integer", float: "decimal"}
#: fhir_core annotation classes whose names are not the FHIR type's.
_RENAMED = {"EncodedBytes": "base64Binary", "UuidVersion": "uuid"}


@dataclass(frozen=True, slots=True)
class ElementType:
    """The FHIR type of a node (``HumanName``, ``date``, ``BackboneElement``, ``Resource``) and the
    model class to look its children up in (``PatientContact`` for a backbone), if it has children.
    """

    fhir_type: str
    model: str | None


def _model_class(name: str) -> Any:
    from fhir.resources.R4B import get_fhir_model_class

    try:
        return get_fhir_model_class(name)
    except (KeyError, ValueError, LookupError):
        return None


@cache
def is_resource_type(name: str) -> bool:
    """Whether ``name`` is an R4 resource type (``Patient``, ``Bundle``)."""
    cls = _model_class(name)
    return cls is not None and any(
        base.__name__ == "DomainResource" or base.__name__ == "Resource" for base in cls.__mro__[1:]
    )


@cache
def _fields(model: str) -> dict[str, Any]:
    cls = _model_class(model)
    if cls is None:
        return {}
    return {(f.alias or name): f.annotation for name, f in cls.model_fields.items()}


def _unwrap(annotation: Any) -> Any:
    """Strip Optional / List / Union-with-None."""
    while True:
        origin = typing.get_origin(annotation)
        if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = args[0] if args else annotation
        elif origin in (list, typing.List):  # noqa: UP006 - fhir.resources uses typing.List
            annotation = typing.get_args(annotation)[0]
        else:
            return annotation


@cache
def child_type(model: str, key: str) -> ElementType | None:
    """The type of element ``key`` of a node whose model is ``model``; ``None`` if there is no such
    element. A ``_key`` (a primitive's id/extension part) is typed ``Element``.
    """
    if key.startswith("_"):
        return ElementType("Element", "Element") if key[1:] in _fields(model) else None
    annotation = _fields(model).get(key)
    if annotation is None:
        return None
    inner = _unwrap(annotation)
    if typing.get_origin(inner) is typing.Annotated:
        meta = typing.get_args(inner)[1:]
        name = type(meta[0]).__name__ if meta else "String"
        return ElementType(_RENAMED.get(name, name[0].lower() + name[1:]), None)
    if inner in _BUILTIN:
        return ElementType(_BUILTIN[inner], None)
    name = getattr(inner, "__name__", "")
    if name.endswith("Type"):
        name = name[: -len("Type")]
    if name == "Resource":
        return ElementType("Resource", None)
    cls = _model_class(name)
    if cls is None:
        return ElementType(name or "unknown", None)
    mro = [b.__name__ for b in cls.__mro__]
    fhir_type = "BackboneElement" if "BackboneElement" in mro[1:] and mro[0] != "BackboneElement" else name
    return ElementType(fhir_type, name)
