"""The one permission choke point (NetBox's ``restrict()``).

Every page, API endpoint and selector asks here, and nowhere else, whether a
user may act on a model (``can``) and which rows they may act on
(``restrict``). The answer combines:

* the user's roles (Django groups, ``accounts.Role``) and their permissions;
* the tracks each role works on: a collaboration-only role never reaches a
  management-track model, whatever permissions its group was given;
* the role's reach over suppliers: every supplier, the suppliers of the
  categories granted to the user through django-guardian
  (``suppliers.manage_category`` on a ``Category``), or only the supplier the
  user is bound to;
* for a model whose rows each name a track (``row_track_field``, a supplier contact),
  only the rows of the tracks the user's roles work on, and those of both;
* for a user bound to one supplier (``Scope.SUPPLIER``, a supplier collaborator),
  the supplier's sharing policy: a model that declares ``sharing_dataset = "<name>"``
  is reached only for a supplier whose ``collaboration.SharingPolicy`` publishes
  that data set (no policy: nothing is shared), and a model that declares
  ``sharing_filter = {field: value}`` shows such a user only the rows matching it
  (a scorecard only once it is published).

An action the user may not take at all answers 403; a row outside their reach
answers 404, because ``restrict`` never returns it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import BooleanField, Model, Q, QuerySet

from srm.accounts.roles import Scope

from .tracks import Track

CATEGORY_GRANT = "suppliers.manage_category"


@dataclass(frozen=True)
class _RoleGrant:
    scope: str
    tracks: frozenset[str]
    perms: frozenset[str]


def perm_name(model: type[Model], action: str) -> str:
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


def model_track(model: type[Model]) -> str:
    # A model that does not say is treated as management track: the safe side.
    return getattr(model, "track", Track.MANAGEMENT)


def _role_grants(user) -> list[_RoleGrant]:
    """The user's roles with their permissions, loaded once per user object (2 queries)."""
    cached = getattr(user, "_srm_role_grants", None)
    if cached is not None:
        return cached
    from django.contrib.auth.models import Permission
    from django.db.models import Prefetch

    from srm.accounts.models import Role

    grants = []
    roles = (
        Role.objects.filter(group__user=user)
        .select_related("group")
        .prefetch_related(
            Prefetch(
                "group__permissions", queryset=Permission.objects.select_related("content_type")
            )
        )
    )
    for role in roles:
        tracks = set()
        if role.collaboration_track:
            tracks.add(Track.COLLABORATION)
        if role.management_track:
            tracks.add(Track.MANAGEMENT)
        perms = frozenset(
            f"{p.content_type.app_label}.{p.codename}" for p in role.group.permissions.all()
        )
        grants.append(_RoleGrant(role.scope, frozenset(tracks), perms))
    user._srm_role_grants = grants
    return grants


def _scopes(user, model: type[Model], action: str) -> set[str]:
    if not user or not user.is_authenticated or not user.is_active:
        return set()
    if user.is_superuser:
        return {Scope.ALL}
    perm = perm_name(model, action)
    track = model_track(model)
    return {
        g.scope
        for g in _role_grants(user)
        if perm in g.perms and (track == Track.SHARED or track in g.tracks)
    }


def tracks_for(user, model: type[Model], action: str) -> set[str]:
    """The tracks of the user's roles that grant ``action`` on ``model``: for a model whose
    rows each name a track (``row_track_field``), the rows the user reaches."""
    if not user or not user.is_authenticated or not user.is_active:
        return set()
    if user.is_superuser:
        return {Track.COLLABORATION, Track.MANAGEMENT}
    perm = perm_name(model, action)
    return {t for g in _role_grants(user) if perm in g.perms for t in g.tracks}


def may_take_track(user, model: type[Model], action: str, track: str) -> bool:
    """May ``user`` take ``action`` on a ``model`` row of ``track`` (a row of both tracks:
    whoever has the action at all)? For rows that do not exist yet (creation, imports)."""
    if not can(user, action, model):
        return False
    return track == Track.SHARED or track in tracks_for(user, model, action)


def _row_track_filter(queryset: QuerySet, user, action: str) -> QuerySet:
    """Of a model whose rows each name a track (``row_track_field``: a supplier contact
    works with us on the collaboration track, the management track or both), the rows of
    the tracks the user's roles work on, and those of both tracks."""
    field = getattr(queryset.model, "row_track_field", None)
    if not field:
        return queryset
    tracks = tracks_for(user, queryset.model, action)
    hidden = [t for t in (Track.COLLABORATION, Track.MANAGEMENT) if t not in tracks]
    return queryset.exclude(**{f"{field}__in": hidden}) if hidden else queryset


def can(user, action: str, model: type[Model]) -> bool:
    """May ``user`` take ``action`` (view/add/change/delete, or a custom codename)
    on ``model`` at all?"""
    return bool(_scopes(user, model, action))


def granted_category_ids(user) -> QuerySet:
    """Ids of the categories granted to ``user`` by a guardian object permission (a subquery)."""
    from guardian.shortcuts import get_objects_for_user

    from suppliers.models import Category

    return get_objects_for_user(
        user, CATEGORY_GRANT, klass=Category, accept_global_perms=False, with_superuser=False
    ).values("pk")


def granted_categories(user) -> QuerySet:
    """The categories granted to ``user`` (rows, by name)."""
    from suppliers.models import Category

    return Category.objects.filter(pk__in=granted_category_ids(user)).order_by("name")


def category_grants_change(user, *, grant=(), revoke=()) -> tuple[list[str], list[str]]:
    """Grant ``user`` the categories with ids in ``grant`` and take those in ``revoke``
    (guardian object permissions); the codes actually granted and revoked."""
    from guardian.shortcuts import assign_perm, remove_perm

    from suppliers.models import Category

    held = set(granted_category_ids(user).values_list("pk", flat=True))
    granted, revoked = [], []
    for category in Category.objects.filter(pk__in=set(grant) - held):
        assign_perm(CATEGORY_GRANT, user, category)
        granted.append(category.code)
    for category in Category.objects.filter(pk__in=set(revoke) & held):
        remove_perm(CATEGORY_GRANT, user, category)
        revoked.append(category.code)
    return granted, revoked


def _category_grant_rows(category_ids):
    """(category id, user id) of every grant of ``CATEGORY_GRANT`` on these categories,
    given to the user directly or through one of their groups."""
    from django.contrib.contenttypes.models import ContentType
    from guardian.models import GroupObjectPermission, UserObjectPermission

    from suppliers.models import Category

    grant = {
        "content_type": ContentType.objects.get_for_model(Category),
        "permission__codename": CATEGORY_GRANT.split(".", 1)[1],
        "object_pk__in": [str(pk) for pk in category_ids],
    }
    yield from UserObjectPermission.objects.filter(**grant).values_list("object_pk", "user_id")
    yield from (
        GroupObjectPermission.objects.filter(**grant, group__user__isnull=False).values_list(
            "object_pk", "group__user"
        )
    )


def category_managers(category_ids) -> dict[int, set[int]]:
    """Per category id, the ids of the users granted it (the people who manage its
    suppliers), whatever their other roles."""
    managers: dict[int, set[int]] = {}
    for category_pk, user_id in _category_grant_rows(category_ids):
        managers.setdefault(int(category_pk), set()).add(user_id)
    return managers


def users_reaching_supplier(users: QuerySet, scope: str, supplier) -> QuerySet:
    """Of ``users`` (holders of a role whose reach is ``scope``), those whose reach in
    that role includes ``supplier``: every one for ``Scope.ALL``, the holders of a grant
    on one of its categories for ``Scope.CATEGORY``, its own people for ``Scope.SUPPLIER``."""
    if scope == Scope.ALL:
        return users
    if scope == Scope.SUPPLIER:
        return users.filter(supplier=supplier)
    if scope == Scope.CATEGORY:
        category_ids = list(supplier.categories.values_list("pk", flat=True))
        granted = {u for ids in category_managers(category_ids).values() for u in ids}
        return users.filter(pk__in=granted)
    return users.none()


def user_reaches_supplier(user, scope: str, supplier) -> bool:
    """Does ``user``, in a role whose reach is ``scope``, reach ``supplier``?"""
    if scope == Scope.ALL:
        return True
    if scope == Scope.CATEGORY:
        return supplier.categories.filter(pk__in=granted_category_ids(user)).exists()
    if scope == Scope.SUPPLIER:
        return getattr(user, "supplier_id", None) == supplier.pk
    return False


def owned_suppliers(user) -> QuerySet:
    """The suppliers ``user`` owns for the buyer: those whose relationship owner they are
    and those of the categories granted to them (their category manager). An owner
    invites the supplier's collaborators; a supplier's own people own nothing."""
    from suppliers.models import Supplier

    if not user or not user.is_authenticated or not user.is_active:
        return Supplier.objects.none()
    if getattr(user, "supplier_id", None):
        return Supplier.objects.none()
    return Supplier.objects.filter(
        Q(relationship_owner=user) | Q(categories__in=granted_category_ids(user))
    ).distinct()


def supplier_scope(user, model: type[Model], action: str) -> QuerySet | None:
    """The suppliers within the user's reach for ``action`` on ``model``.

    ``None`` means every supplier; an empty queryset means none.
    """
    from suppliers.models import Supplier

    scopes = _scopes(user, model, action)
    if Scope.ALL in scopes:
        return None
    condition = Q(pk__in=[])
    if Scope.CATEGORY in scopes:
        condition |= Q(categories__in=granted_category_ids(user))
    if Scope.SUPPLIER in scopes and getattr(user, "supplier_id", None):
        own = Q(pk=user.supplier_id)
        dataset = getattr(model, "sharing_dataset", None)
        if dataset:
            own &= Q(pk__in=shared_supplier_ids(dataset))
        condition |= own
    return Supplier.objects.filter(condition).values("pk")


def shared_supplier_ids(dataset: str) -> QuerySet:
    """Ids of the suppliers whose sharing policy publishes ``dataset`` (a subquery).

    Each data set is a boolean field of ``collaboration.SharingPolicy``; a name the
    policy does not know publishes nothing, so a typo fails closed.
    """
    from django.core.exceptions import FieldDoesNotExist

    # A deliberate upward import, named in the import-linter contract: the sharing
    # policy is part of a supplier collaborator's scope.
    from collaboration.models import SharingPolicy

    try:
        published = isinstance(SharingPolicy._meta.get_field(dataset), BooleanField)
    except FieldDoesNotExist:
        published = False
    if not published:
        return SharingPolicy.objects.none().values("supplier_id")
    return SharingPolicy.objects.filter(**{dataset: True}).values("supplier_id")


def restrict(queryset: QuerySet, user, action: str = "view") -> QuerySet:
    """The rows of ``queryset`` on which ``user`` may take ``action``."""
    model = queryset.model
    scopes = _scopes(user, model, action)
    if not scopes:
        return queryset.none()
    queryset = _row_track_filter(queryset, user, action)
    supplier_path = getattr(model, "supplier_path", None)
    if Scope.ALL in scopes or supplier_path is None:
        return queryset
    suppliers = supplier_scope(user, model, action)
    lookup = "pk__in" if supplier_path == "pk" else f"{supplier_path}__in"
    within = Q(**{lookup: suppliers})
    if Scope.CATEGORY in scopes and getattr(model, "portfolio_rows", False):
        # A row bound to no supplier (a portfolio-wide decision) is for every internal
        # role that may see the model; a supplier collaborator's reach never includes it.
        within |= Q(**{f"{supplier_path}__isnull": True})
    queryset = queryset.filter(within)
    own, shared_rows = getattr(user, "supplier_id", None), getattr(model, "sharing_filter", None)
    if own and shared_rows and Scope.SUPPLIER in scopes:
        # Of its own supplier's rows a collaborator sees only those the model shares
        # (``sharing_filter``, e.g. a scorecard only once it is published).
        own_lookup = "pk" if supplier_path == "pk" else supplier_path
        queryset = queryset.exclude(Q(**{own_lookup: own}) & ~Q(**shared_rows))
    return queryset


def can_object(user, action: str, obj: Model) -> bool:
    """May ``user`` take ``action`` on this one row?"""
    model = type(obj)
    if not can(user, action, model):
        return False
    return restrict(model._default_manager.filter(pk=obj.pk), user, action).exists()


def can_supplier(user, model: type[Model], action: str, supplier_id: int) -> bool:
    """May ``user`` take ``action`` on a ``model`` row that belongs to this supplier?

    For rows that do not exist yet (creation, imports).
    """
    if not can(user, action, model):
        return False
    suppliers = supplier_scope(user, model, action)
    return suppliers is None or suppliers.filter(pk=supplier_id).exists()


def supplier_for_new_row(user, model: type[Model], code: str):
    """The supplier named ``code`` if ``user`` may add a ``model`` row for it, else ``None``
    ("not found" and "not yours" alike): a page opened for one supplier (``?supplier=``)."""
    from suppliers.models import Supplier

    if not code or "\x00" in code:  # names nothing, and PostgreSQL refuses NUL in text
        return None
    supplier = Supplier.objects.filter(code=code).first()
    if supplier is None or not can_supplier(user, model, "add", supplier.pk):
        return None
    return supplier


# --- fields: who may read which column (sorts, filters, search, exports) -----------------


def field_permission(model: type[Model], name: str) -> tuple[str, type[Model]] | None:
    """The ``(action, model)`` a user needs to read ``model.name``, or ``None``.

    A model names its guarded fields in ``field_permissions = {"field": (action, model)}``
    (the model may be an ``"app_label.Model"`` string, as for a foreign key): expected
    spend on a supplier is procurement's own figure, read only by who may view contracts.
    """
    rule = getattr(model, "field_permissions", {}).get(name)
    if rule is None:
        return None
    action, target = rule
    if isinstance(target, str):
        from django.apps import apps

        target = apps.get_model(target)
    return action, target


def may_read_path(user, model: type[Model], path: str) -> bool:
    """May ``user`` read the value at ``path`` (an ORM lookup such as ``-supplier__name``
    or ``expected_annual_spend__gte``) from ``model``? Every step is asked, so a sort by
    ``supplier__expected_annual_spend`` on contracts is refused like the one on suppliers.
    A step that is not a field (an annotation, a lookup such as ``gte``) ends the walk."""
    from django.core.exceptions import FieldDoesNotExist

    current = model
    for name in path.lstrip("-").split("__"):
        if current is None:
            return True
        rule = field_permission(current, name)
        if rule is not None and not can(user, *rule):
            return False
        try:
            field = current._meta.get_field(name)
        except FieldDoesNotExist:
            return True
        current = field.related_model if field.is_relation else None
    return True


# --- choices: which rows a form or serializer may offer and accept -----------------------


def restrict_choices(queryset: QuerySet, user) -> QuerySet:
    """The rows of ``queryset`` that ``user`` may pick in a form or name in an API body.

    A row bound to a supplier is offered only within the user's reach (``restrict``), so
    a category manager sees only the contracts and suppliers of their categories and a
    row outside reach is refused exactly like a row that does not exist. People: a
    supplier collaborator may pick only people of their own supplier or the buyer's own
    (the form narrows further, e.g. to a pilot's members); the buyer's people may pick
    anyone the form offers."""
    from django.contrib.auth import get_user_model

    model = queryset.model
    if issubclass(model, get_user_model()):
        own = getattr(user, "supplier_id", None)
        if own:
            return queryset.filter(Q(supplier__isnull=True) | Q(supplier_id=own))
        return queryset
    if getattr(model, "supplier_path", None) is None:
        return queryset
    return restrict(queryset, user, "view")
