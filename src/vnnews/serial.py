"""Stored objects as plain JSON data and back (:func:`to_data`, :func:`from_data`), by
the dataclasses' type hints; the stored half of :mod:`vnnews.schema`, kept apart from
its Pydantic models so that storing and reading (ingest, export) does not import
Pydantic. Import them from :mod:`vnnews.schema` or from here alike."""
from __future__ import annotations

import dataclasses
import types
import typing
from functools import lru_cache
from typing import Any, Union


def to_data(obj: Any) -> Any:
    """Plain JSON data (dicts, lists, str, numbers, None) of a dataclass tree."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_data(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, (list, tuple)):
        return [to_data(v) for v in obj]
    if isinstance(obj, dict):
        return {k: to_data(v) for k, v in obj.items()}
    return obj


@lru_cache(maxsize=None)
def _fields(cls: type) -> tuple[tuple[str, Any], ...]:
    hints = typing.get_type_hints(cls)
    return tuple((f.name, hints[f.name]) for f in dataclasses.fields(cls) if f.init)


def _decode(tp: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return _decode(args[0], value) if len(args) == 1 else value
    if origin is list:
        (item,) = typing.get_args(tp) or (Any,)
        return [_decode(item, v) for v in value]
    if origin is dict:
        _, item = typing.get_args(tp) or (Any, Any)
        return {k: _decode(item, v) for k, v in value.items()}
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return from_data(tp, value)
    return value


def from_data(cls: type, data: Any) -> Any:
    """The dataclass ``cls`` (with its nested dataclasses) from :func:`to_data`'s output.

    Values are taken as they are (no coercion); unknown keys are ignored and missing
    ones take their defaults."""
    if data is None:
        return None
    return cls(**{name: _decode(tp, data[name]) for name, tp in _fields(cls) if name in data})


__all__ = ["to_data", "from_data"]
