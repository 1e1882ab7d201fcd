"""Indented JSON, the text ``json.dumps(obj, indent=..., ensure_ascii=False)`` gives, faster.

With an indent, the standard library encodes in pure Python, through a generator per
container: a third of building a timeline's JSON went into it. :func:`dumps` walks the
value once, appending pieces to one list, and encodes strings with the same C function;
it writes the same characters (the tests compare the two on every fixture timeline and on
generated values). Only plain JSON values are handled as ``json`` does (``str``, ``int``,
``float``, ``bool``, ``None``, ``list``, ``tuple``, ``dict`` and their subclasses); anything
else raises ``TypeError`` as ``json.dumps`` does without a ``default``.
"""

from __future__ import annotations

import json.encoder
from typing import Any

_string: Any = json.encoder.encode_basestring  # the C version when there is one
_INFINITY = float("inf")


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value == _INFINITY:
        return "Infinity"
    if value == -_INFINITY:
        return "-Infinity"
    return float.__repr__(value)


def _key(key: Any) -> str:
    if isinstance(key, str):
        return _string(key)
    if isinstance(key, float):
        return _string(_float(key))
    if key is True:
        return '"true"'
    if key is False:
        return '"false"'
    if key is None:
        return '"null"'
    if isinstance(key, int):
        return _string(int.__repr__(key))
    raise TypeError(f"keys must be str, int, float, bool or None, not {key.__class__.__name__}")


def dumps(obj: Any, indent: int | str = 2) -> str:
    """``json.dumps(obj, indent=indent, ensure_ascii=False)``."""
    step = " " * indent if isinstance(indent, int) else indent
    out: list[str] = []
    _write(obj, out, "\n", step)
    return "".join(out)


def _write(o: Any, out: list[str], nl: str, step: str) -> None:
    kind = type(o)
    if kind is str:
        out.append(_string(o))
    elif kind is dict:
        if not o:
            out.append("{}")
            return
        inner = nl + step
        sep = "{" + inner
        for key, value in o.items():
            vkind = type(value)
            k = _string(key) if type(key) is str else _key(key)
            if vkind is str:
                out.append(sep + k + ": " + _string(value))
            elif vkind is int:
                out.append(sep + k + ": " + int.__repr__(value))
            elif value is None:
                out.append(sep + k + ": null")
            else:
                out.append(sep + k + ": ")
                _write(value, out, inner, step)
            sep = "," + inner
        out.append(nl + "}")
    elif kind is list or kind is tuple:
        if not o:
            out.append("[]")
            return
        inner = nl + step
        sep = "[" + inner
        for value in o:
            if type(value) is str:
                out.append(sep + _string(value))
            else:
                out.append(sep)
                _write(value, out, inner, step)
            sep = "," + inner
        out.append(nl + "]")
    elif o is None:
        out.append("null")
    elif o is True:
        out.append("true")
    elif o is False:
        out.append("false")
    elif kind is int:
        out.append(int.__repr__(o))
    elif kind is float:
        out.append(_float(o))
    else:
        _write_subclass(o, out, nl, step)


def _write_subclass(o: Any, out: list[str], nl: str, step: str) -> None:
    """Values of subclasses of the JSON types, as ``json`` encodes them."""
    if isinstance(o, str):
        out.append(_string(o))
    elif isinstance(o, int):
        out.append(int.__repr__(o))
    elif isinstance(o, float):
        out.append(_float(o))
    elif isinstance(o, list | tuple):
        _write(list(o), out, nl, step)
    elif isinstance(o, dict):
        _write(dict(o), out, nl, step)
    else:
        raise TypeError(f"Object of type {o.__class__.__name__} is not JSON serializable")
