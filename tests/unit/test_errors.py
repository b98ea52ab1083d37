"""The tree drawn in errors.py's docstring is the real class hierarchy."""

from __future__ import annotations

import inspect

import phigate.errors as errors


def _drawn_tree() -> dict[str, str]:
    parents: dict[str, str] = {}
    stack: list[tuple[int, str]] = []
    doc = errors.__doc__ or ""
    for line in doc.splitlines():
        stripped = line.strip()
        name = stripped.lstrip("│├└─ ").strip()
        named = name.endswith("Error") or name in {"PolicyViolation", "UpstreamTimeout"}
        if not name.isidentifier() or not named:
            continue
        depth = len(line) - len(line.lstrip(" │├└─"))
        while stack and stack[-1][0] >= depth:
            stack.pop()
        if stack:
            parents[name] = stack[-1][1]
        stack.append((depth, name))
    return parents


def test_docstring_tree_matches_hierarchy() -> None:
    drawn = _drawn_tree()
    real = {
        name: cls.__mro__[1].__name__
        for name, cls in inspect.getmembers(errors, inspect.isclass)
        if issubclass(cls, errors.PhigateError) and cls is not errors.PhigateError
    }
    assert drawn == real
    assert set(errors.__all__) == set(real) | {"PhigateError"}


def test_messages_carry_location_not_value() -> None:
    err = errors.FormatError("bad delimiter", path="PID-5", offset=17)
    assert str(err) == "bad delimiter (path PID-5, offset 17)"
    assert errors.AuditIntegrityError("hash mismatch", seq=42).seq == 42
    assert "status 503" in str(errors.UpstreamStatusError("upstream failed", status=503))
