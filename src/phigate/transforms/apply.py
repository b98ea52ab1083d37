"""Apply a policy's decision to a document: one pass over each segment's sorted actions."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from operator import attrgetter

from phigate.errors import TransformError
from phigate.model import Action, Decision, Document, Segment
from phigate.transforms.base import Transform, TransformContext

__all__ = ["apply_decision"]


def apply_decision(
    document: Document, decision: Decision, ctx: TransformContext, lookup: Callable[[str], Transform]
) -> Document:
    """A new document with every action's transform applied to its span.

    Actions must point inside their segment and must not overlap (the detector merges overlaps).
    Anything else, or a transform that fails, is a ``TransformError`` and no document is returned.
    """
    by_segment: dict[int, list[Action]] = defaultdict(list)
    for action in decision.actions:
        by_segment[action.finding.segment].append(action)
    segments = list(document.segments)
    for index, actions in by_segment.items():
        if not 0 <= index < len(segments):
            raise TransformError(f"a finding points at segment {index}, which does not exist")
        segments[index] = _apply_segment(segments[index], actions, ctx, lookup)
    return Document(document.id, tuple(segments), document.patient, document.source_format)


def _apply_segment(
    segment: Segment, actions: list[Action], ctx: TransformContext, lookup: Callable[[str], Transform]
) -> Segment:
    text = segment.text
    size = len(text)
    actions.sort(key=_span)
    applies: dict[str, Callable[[str, Action, TransformContext], str]] = {}
    out: list[str] = []
    pos = 0
    for action in actions:
        f = action.finding
        start, end = f.start, f.end
        if start < pos or end > size:
            raise TransformError(f"findings overlap or run past the segment at {segment.path} offset {start}")
        name = action.transform
        apply = applies.get(name)
        if apply is None:
            apply = applies[name] = lookup(name).apply
        out += (text[pos:start], apply(text[start:end], action, ctx))
        pos = end
    out.append(text[pos:])
    return Segment(segment.path, "".join(out), segment.kind)


#: An action's span, to sort by.
_span = attrgetter("finding.start", "finding.end")
