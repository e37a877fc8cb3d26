"""Free-form JSON a client may store (a contact's ``preferences``, and any later such field).

The limits are the same wherever a value comes from: the API checks every ``JSON`` input with
them before a resolver runs (``graphql_schema.core.input_rules``); a service storing JSON from
another source (an import, a workflow action) calls ``check_json_value`` itself.
"""

from __future__ import annotations

import json
import math
from typing import Any

MAX_JSON_BYTES = 16 * 1024  # encoded as compact UTF-8 JSON
MAX_JSON_DEPTH = 8  # levels of objects and arrays


class JsonValueError(ValueError):
    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


def text_problem(text: str) -> tuple[str, str] | None:
    """(reason, message) when the text holds what no stored text may: NUL or a lone surrogate."""
    if "\x00" in text:
        return "nul_character", "Text may not hold a NUL character."
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "invalid_unicode", "Text holds a lone UTF-16 surrogate, which is not a character."
    return None


def check_json_value(value: Any) -> None:
    """Raise ``JsonValueError`` unless ``value`` is JSON this application will store."""
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:  # a loop, not recursion: the value may be nested on purpose
        item, depth = stack.pop()
        if not isinstance(item, dict | list):
            _check_leaf(item)
            continue
        if depth >= MAX_JSON_DEPTH:
            raise JsonValueError("too_deep", f"JSON nested deeper than {MAX_JSON_DEPTH} levels.")
        if isinstance(item, dict):
            for key in item:
                _check_key(key)
        stack.extend((child, depth + 1) for child in (item.values() if isinstance(item, dict) else item))
    try:
        size = len(json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode())
    except (ValueError, TypeError):
        raise JsonValueError("invalid_json", "Only JSON objects, arrays, text, numbers, booleans and null.")
    if size > MAX_JSON_BYTES:
        raise JsonValueError("too_large", f"A JSON value holds at most {MAX_JSON_BYTES // 1024} KiB.")


def _check_key(key: Any) -> None:
    if not isinstance(key, str):
        raise JsonValueError("invalid_json", "JSON object keys are text.")
    problem = text_problem(key)
    if problem is not None:
        raise JsonValueError(*problem)


def _check_leaf(item: Any) -> None:
    """Text, a finite number, a boolean or null."""
    if isinstance(item, str):
        problem = text_problem(item)
        if problem is not None:
            raise JsonValueError(*problem)
    elif isinstance(item, float) and not math.isfinite(item):
        raise JsonValueError("not_a_number", "JSON numbers are finite.")
    elif item is not None and not isinstance(item, bool | int | float):
        raise JsonValueError("invalid_json", "Only JSON objects, arrays, text, numbers, booleans and null.")
