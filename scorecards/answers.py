"""The supplier's answers to a corrective action, from the app that keeps them.

A corrective action is the scorecards'; the supplier answers it on the collaboration
track (``collaboration.CorrectiveActionResponse``), which scorecards does not know.
Collaboration registers the reader here in its ``AppConfig.ready``; with none there
are no answers to show.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

AnswersReader = Callable[..., Iterable]

_reader: AnswersReader | None = None


def register_corrective_action_answers(reader: AnswersReader) -> None:
    """``reader(*, user, corrective_action)``: the answers ``user`` may see, oldest first."""
    global _reader
    _reader = reader


def corrective_action_answers(*, user, corrective_action) -> Iterable:
    if _reader is None:
        return []
    return _reader(user=user, corrective_action=corrective_action)
