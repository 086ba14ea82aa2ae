"""The one place that answers "may this person do this, in this place, to this object?".

Every view goes through `place_view` (for pages under /p/<place>/) or `check`. The rules are
a plain table from action to the roles that may take it, so that the permissions test can
read the same table. Site admins (is_staff) may do everything everywhere.

Outcomes, always the same: anonymous → sign-in page; not a member of the object's place →
404 (we do not confirm that another place's object exists); a member without the role → 403.

Rules about one object (the owner of an action, the author of a case study, a person's own
café card) live in the owning app's `rules.py`, which registers a predicate for an action with
`@object_rule("app.action")`. `check(user, action, obj)` and `can(user, action, obj)` then ask
that predicate when given the object itself rather than its place; the predicate decides alone
(it usually starts from the role table, `can(user, action, obj.place)`). Each app's
`AppConfig.ready` imports its rules module, so the registry is complete once Django is set up.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from joinedup.core.models import Membership, Place, Role

ALL_ROLES = frozenset(Role.values)
CONVENOR = frozenset({Role.CONVENOR})

RULES: dict[str, frozenset[str]] = {
    # core
    "core.view_place": ALL_ROLES,
    "core.view_audit": CONVENOR,
    # invite people, change and take away roles (site admins too; they also create places)
    "core.manage_members": CONVENOR,
    "core.view_outbox": CONVENOR,
    "core.view_job": ALL_ROLES,
    # directory
    "directory.view": ALL_ROLES,
    "directory.view_confidential": frozenset({Role.CONVENOR, Role.PRACTITIONER}),
    "directory.edit": CONVENOR,
    "directory.import": CONVENOR,
    "directory.export": CONVENOR,
    # pathways
    "pathways.view": ALL_ROLES,
    "pathways.edit": CONVENOR,
    # events
    "events.view": ALL_ROLES,
    "events.manage": CONVENOR,
    "events.check_in": frozenset({Role.CONVENOR, Role.HOST}),
    # café planner
    "cafe.view": frozenset({Role.CONVENOR, Role.HOST}),
    "cafe.plan": CONVENOR,
    # a person's own tables for the day (their card); hosts and convenors see anyone's
    "cafe.view_card": ALL_ROLES,
    # case studies
    "casestudies.view": frozenset({Role.CONVENOR, Role.HOST, Role.STRATEGIST}),
    "casestudies.write": frozenset({Role.CONVENOR, Role.HOST}),
    "casestudies.approve": CONVENOR,
    "casestudies.capture": frozenset({Role.CONVENOR, Role.HOST}),
    # let other places start from an approved story (the source place's convenor)
    "casestudies.share": CONVENOR,
    # follow-up
    "followup.view": ALL_ROLES,
    "followup.manage": CONVENOR,
    "followup.update_action": ALL_ROLES,
    "followup.insight_across_places": frozenset({Role.STRATEGIST}),
    # start this place from another's approach; let others start from this one's
    "followup.start_from": CONVENOR,
    "followup.share_approach": CONVENOR,
    # network of ties (team level only: no person appears)
    "network.view": ALL_ROLES,
    "network.declare": frozenset({Role.CONVENOR, Role.PRACTITIONER}),
    "network.export": CONVENOR,
    "network.across_places": frozenset({Role.STRATEGIST}),
    # every place side by side (events, sectors, actions, pathways, referrals, network)
    "network.national": frozenset({Role.STRATEGIST}),
    # each member sets their own monthly digest choice (nobody sets another's)
    "network.digest": ALL_ROLES,
    # referrals: the person's details are for the referrer and the receiving team only (object
    # rules in referrals/rules.py); everyone else sees counts
    "referrals.send": frozenset({Role.PRACTITIONER, Role.RECEIVER}),
    "referrals.view_sent": frozenset({Role.PRACTITIONER, Role.RECEIVER}),
    "referrals.inbox": frozenset({Role.RECEIVER}),
    "referrals.view": frozenset({Role.PRACTITIONER, Role.RECEIVER}),
    "referrals.respond": frozenset({Role.RECEIVER}),
    "referrals.withdraw": frozenset({Role.PRACTITIONER, Role.RECEIVER}),
    "referrals.figures": ALL_ROLES,
    # app API tokens (/api/v1/): each member makes and revokes their own, for one place
    "api.tokens": ALL_ROLES,
}


ObjectRule = Callable[[object, object], bool]
# action → predicate(user, obj), filled by the apps' rules modules (see object_rule).
OBJECT_RULES: dict[str, ObjectRule] = {}


def object_rule(action: str) -> Callable[[ObjectRule], ObjectRule]:
    """Register the decorated predicate(user, obj) as the per-object rule of an action."""
    if action not in RULES:
        raise KeyError(f"No permission rule for {action!r}; add it to core/permissions.py")

    def register(predicate: ObjectRule) -> ObjectRule:
        if OBJECT_RULES.get(action, predicate) is not predicate:
            raise ValueError(f"{action!r} already has an object rule: one place per rule")
        OBJECT_RULES[action] = predicate
        return predicate

    return register


def roles_in(user, place: Place) -> frozenset[str]:
    """Return the roles the user holds in the place (cached on the user for the request)."""
    if not user.is_authenticated:
        return frozenset()
    cache = user.__dict__.setdefault("_joinedup_roles", {})
    if place.pk not in cache:
        cache[place.pk] = frozenset(
            Membership.objects.filter(user=user, place=place)
            .order_by()  # the model's ordering joins places and users for nothing here
            .values_list("role", flat=True)
        )
    return cache[place.pk]


def is_member(user, place: Place) -> bool:
    """Return whether the user belongs to the place (site admins belong everywhere)."""
    return user.is_authenticated and (user.is_staff or bool(roles_in(user, place)))


def can(user, action: str, target) -> bool:
    """Return whether the user may take the action in a place, or on an object of one.

    Given an object whose action has an object rule, the rule decides; otherwise the role
    table does, in the object's place.
    """
    if action not in RULES:
        raise KeyError(f"No permission rule for {action!r}; add it to core/permissions.py")
    if not user.is_authenticated or not user.is_active:
        return False
    if not isinstance(target, Place) and action in OBJECT_RULES:
        return bool(OBJECT_RULES[action](user, target))
    if user.is_staff:
        return True
    return bool(roles_in(user, place_of(target)) & RULES[action])


def place_of(obj) -> Place:
    """Return the place an object belongs to (the object itself when it is a Place)."""
    if isinstance(obj, Place):
        return obj
    place = getattr(obj, "place", None)
    if place is None:
        raise TypeError(f"{type(obj).__name__} has no place; every domain object needs one")
    return place


def check(user, action: str, obj, *, message: str = "") -> None:
    """Raise Http404 when obj is outside the user's places, PermissionDenied when the role
    table (or, for an object, the action's object rule) says no."""
    place = place_of(obj)
    if not is_member(user, place):
        raise Http404("No such page")
    if not can(user, action, obj):
        raise PermissionDenied(message or f"You do not have permission to {action} in {place}")


def check_same_place(request: HttpRequest, obj) -> None:
    """Raise Http404 when obj belongs to another place than the page's place."""
    if place_of(obj).pk != request.place.pk:
        raise Http404("No such page")


def place_view(action: str) -> Callable:
    """Decorate a view taking place_slug: resolve request.place and check the action in it."""
    if action not in RULES:
        raise KeyError(f"No permission rule for {action!r}; add it to core/permissions.py")

    def decorator(view):
        @wraps(view)
        def wrapped(request: HttpRequest, place_slug: str, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            place = _place_with_roles(request.user, place_slug)
            if place is None:
                raise Http404("No such place")
            check(request.user, action, place)
            request.place = place
            request.roles = roles_in(request.user, place)
            if request.session.get("place") != place.slug:
                # Only when it changes: a session write on every request costs a DB write.
                request.session["place"] = place.slug
            return view(request, place_slug, *args, **kwargs)

        wrapped.permission_action = action
        return wrapped

    return decorator


def _place_with_roles(user, slug: str) -> Place | None:
    """Return the place with this slug, having noted the user's roles in it, in one query
    (the place, left-joined to the person's memberships there: one row a role, or one row
    with none for a site admin or a non-member). Every page under /p/<place>/ starts here,
    and a live-capture table polls and saves every few seconds, so it is a fixed SQL string:
    compiling the ORM's join cost more CPU than running it."""
    rows = list(Place.objects.raw(_PLACE_WITH_ROLES_SQL, [user.pk, slug]))
    if not rows:
        return None
    place = rows[0]
    cache = user.__dict__.setdefault("_joinedup_roles", {})
    cache[place.pk] = frozenset(row.member_role for row in rows if row.member_role)
    for row in rows:
        del row.member_role
    return place


def _place_with_roles_sql() -> str:
    columns = ", ".join(f"p.{field.column}" for field in Place._meta.concrete_fields)
    return (
        f"SELECT {columns}, m.role AS member_role FROM {Place._meta.db_table} p "  # noqa: S608
        f"LEFT JOIN {Membership._meta.db_table} m ON m.place_id = p.id AND m.user_id = %s "
        "WHERE p.slug = %s"
    )


_PLACE_WITH_ROLES_SQL = _place_with_roles_sql()


def places_for(user):
    """Return the places the user may enter, in name order."""
    if not user.is_authenticated:
        return Place.objects.none()
    if user.is_staff:
        return Place.objects.all()
    return Place.objects.filter(memberships__user=user).distinct()
