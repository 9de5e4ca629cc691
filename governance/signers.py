"""Who may sign each step of a decision request (SPEC §3, "no deadlock, no self-approval").

A step (one sign-off right of the request's path) can be signed by any other holder of
its role who reaches the supplier in it, never by the requester nor by someone who already
filled another step. When nobody but the requester holds the role, or once the step is
overdue, the right's fallback role signs it too. A person's delegate (for the dates of the
delegation, inclusive) signs on their behalf.

Reads only: the services enforce it, the pages and the API show it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from srm.core import permissions

from .models import DecisionRequest, DecisionRight, Delegation, SignOff
from .roles import users_in_role
from .rules import required_rights


@dataclass
class Step:
    """One sign-off step as the page and the API show it."""

    right: DecisionRight
    sign_off: SignOff | None = None
    on_fallback: bool = False
    overdue: bool = False
    # (person, on behalf of whom or None), in name order
    signers: list[tuple[object, object | None]] = field(default_factory=list)

    @property
    def role(self):
        return self.right.role

    @property
    def status(self) -> str:
        if self.sign_off is None:
            return "waiting"
        return "signed" if self.sign_off.decision == SignOff.Decision.APPROVE else "rejected"

    @property
    def eligible_usernames(self) -> list[str]:
        return sorted({person.get_username() for person, _ in self.signers})


def working_days_between(start: date, end: date) -> int:
    """Monday-to-Friday days after ``start`` up to and including ``end``."""
    days, day = 0, start
    while day < end:
        day = date.fromordinal(day.toordinal() + 1)
        if day.weekday() < 5:
            days += 1
    return days


def step_overdue(request: DecisionRequest, today: date | None = None) -> bool:
    """The request has waited longer than its type's sign-off time (working days)."""
    if request.state != DecisionRequest.State.SUBMITTED or request.submitted_at is None:
        return False
    today = today or timezone.localdate()
    waited = working_days_between(timezone.localtime(request.submitted_at).date(), today)
    return waited > request.decision_type.sign_off_days


def _may_sign(user, request: DecisionRequest) -> bool:
    if request.pk:
        return permissions.can_object(user, "sign_off", request)
    # A request not raised yet (the form's named signers): the same rule by its supplier.
    if request.supplier_id is None:
        return permissions.can(user, "sign_off", DecisionRequest) and not getattr(
            user, "supplier_id", None
        )
    return permissions.can_supplier(user, DecisionRequest, "sign_off", request.supplier_id)


def _holders(role, request, taken: set[int]) -> list:
    if role is None:
        return []
    return [
        u
        for u in users_in_role(role, request.supplier)
        if u.pk != request.requester_id and u.pk not in taken and _may_sign(u, request)
    ]


def delegations_on(day: date) -> dict[int, list]:
    """Delegator id → the delegates acting for them on ``day``."""
    found: dict[int, list] = {}
    for d in Delegation.objects.filter(starts__lte=day, ends__gte=day).select_related("delegate"):
        if d.delegate.is_active:
            found.setdefault(d.delegator_id, []).append(d.delegate)
    return found


def sign_off_steps(
    request: DecisionRequest, *, rights: list[DecisionRight] | None = None, today=None
) -> list[Step]:
    """The request's steps with their sign-off (if any) and the people who may sign them.

    For a draft, the path it would take if submitted now."""
    today = today or timezone.localdate()
    rights = rights if rights is not None else required_rights(request)
    done = {s.role_id: s for s in request.sign_offs.all()} if request.pk else {}
    taken = {s.signer_id for s in done.values()} | {
        s.on_behalf_of_id for s in done.values() if s.on_behalf_of_id
    }
    overdue = step_overdue(request, today)
    delegates = delegations_on(today)
    steps = []
    for right in rights:
        step = Step(right=right, sign_off=done.get(right.role_id))
        if step.sign_off is None:
            people = _holders(right.role, request, taken)
            step.overdue = overdue
            step.on_fallback = not people or right.role.code in request.fallback_steps
            if step.on_fallback and right.fallback_role_id:
                known = {u.pk for u in people}
                people += [
                    u for u in _holders(right.fallback_role, request, taken) if u.pk not in known
                ]
            signers = [(u, None) for u in people]
            for person in people:
                for delegate in delegates.get(person.pk, []):
                    if delegate.pk != request.requester_id and delegate.pk not in taken:
                        signers.append((delegate, person))
            step.signers = sorted(signers, key=lambda pair: pair[0].get_username())
        steps.append(step)
    return steps


def signing_capacity(actor, request: DecisionRequest, steps: list[Step]):
    """The open step ``actor`` should sign and for whom (``None`` when signing in their own
    right), or ``(None, None)``. Of the steps they may sign, the one that leaves the other
    steps fillable by other people (so a person holding two roles does not take the step
    only they could have let someone else sign)."""
    options = [
        (step, behalf)
        for step in steps
        if step.sign_off is None
        for person, behalf in step.signers
        if person.pk == actor.pk
    ]
    for step, behalf in options:
        principal = behalf or actor
        rest = [
            Step(
                right=other.right,
                sign_off=other.sign_off,
                signers=[
                    (p, b)
                    for p, b in other.signers
                    if p.pk not in (actor.pk, principal.pk)
                    and (b is None or b.pk not in (actor.pk, principal.pk))
                ],
            )
            for other in steps
            if other is not step
        ]
        if fill_plan(rest) is not None:
            return step, behalf
    return options[0] if options else (None, None)


def fill_plan(steps: list[Step]) -> dict[int, object] | None:
    """One way to fill every open step with a different person (four eyes: one person
    fills one step; a delegate uses up the colleague they sign for), or ``None`` when
    there is none: then the request would deadlock half-way, so it is not submitted.

    A bipartite matching of steps to people (augmenting paths; a request has a handful
    of steps). Returns step index → the person (or principal) planned for it."""
    open_steps = [i for i, step in enumerate(steps) if step.sign_off is None]
    candidates = {
        i: list(
            {
                (behalf or person).pk: behalf or person for person, behalf in steps[i].signers
            }.values()
        )
        for i in open_steps
    }
    owner: dict[int, int] = {}  # person pk → step index

    def assign(i: int, seen: set[int]) -> bool:
        for person in candidates[i]:
            if person.pk in seen:
                continue
            seen.add(person.pk)
            if person.pk not in owner or assign(owner[person.pk], seen):
                owner[person.pk] = i
                return True
        return False

    for i in open_steps:
        if not assign(i, set()):
            return None
    people = {p.pk: p for i in open_steps for p in candidates[i]}
    return {i: people[pk] for pk, i in owner.items()}
