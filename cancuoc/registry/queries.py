"""Reads of the register, always through a Scope."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Case, CharField, Exists, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Cast

from cancuoc.accounts.audit import AuditEvent
from cancuoc.accounts.scope import Scope
from cancuoc.areas.models import Unit
from cancuoc.registry.history import HistoryEntry, describe_events
from cancuoc.registry.models import Household, Person, Relative, Residence
from cancuoc.registry.validation import UnitRef
from cancuoc.rules.idnumber import ID_NUMBER_LENGTH, OLD_ID_NUMBER_LENGTH, clean_digits
from cancuoc.rules.names import fold, normalise

# Candidates fetched per search branch before ranking; enough for a page of results and a
# "type more" hint, bounded so a one-letter query costs the same as a precise one.
SEARCH_CANDIDATES = 200
# Search results a list page shows at most (officers narrow the query beyond that).
SEARCH_RESULTS_MAX = 200
_DIGITS_ONLY = re.compile(r"[\d\s.\-]+")
_CODE_LIKE = re.compile(r"\S*\d\S*")


def _residing_in(scope: Scope) -> Exists:
    """An active residence (thường trú, tạm trú or nơi ở hiện tại) inside the scope."""
    return Exists(
        Residence.objects.filter(
            scope.q(unit_field="unit", province_field="unit__province"),
            person=OuterRef("pk"),
            ended_on__isnull=True,
        )
    )


def people_in_scope(scope: Scope) -> QuerySet[Person]:
    """People managed in the scope, plus those with an active residence there (tạm trú)."""
    if scope.national:
        return Person.objects.all()
    if scope.is_empty:
        return Person.objects.none()
    return Person.objects.filter(scope.q() | _residing_in(scope))


def commune_refs(*, codes: Iterable[str] | None = None, scope: Scope | None = None):
    """Current-structure communes by code, as validation.UnitRef (one query)."""
    units = Unit.objects.filter(scheme=Unit.Scheme.V2025, level=Unit.Level.COMMUNE)
    if codes is not None:
        units = units.filter(code__in=list(codes))
    if scope is not None:
        units = units.filter(_units_of(scope))
    rows = units.values_list("id", "code", "kind", "name", "province_id", "valid_from", "valid_to")
    return {
        code: UnitRef(pk, code, f"{kind} {name}".strip(), province_id, start, end)
        for pk, code, kind, name, province_id, start, end in rows
    }


def communes_in_scope(scope: Scope) -> QuerySet[Unit]:
    """Current communes a user may pick (filters, the commune of a new record)."""
    units = Unit.objects.filter(scheme=Unit.Scheme.V2025, level=Unit.Level.COMMUNE)
    return units.filter(_units_of(scope)).order_by("name_folded")


def _units_of(scope: Scope) -> Q:
    """Communes inside the scope (a filter on Unit itself)."""
    if scope.national:
        return Q()
    if scope.province_id is not None:
        return Q(province_id=scope.province_id)
    return Q(pk__in=scope.commune_ids)


# --- search ----------------------------------------------------------------------------------


def _prefix_range(folded: str) -> Q:
    """name_folded starts with `folded`, as a range both engines answer from a btree index."""
    upper = folded[:-1] + chr(ord(folded[-1]) + 1)
    return Q(name_folded__gte=folded, name_folded__lt=upper)


def _word_in_name(token: str) -> Q:
    return Q(name_folded__startswith=f"{token} ") | Q(name_folded__contains=f" {token} ")


PREFIX, GIVEN = "prefix", "given"


def _name_conditions(folded: str) -> list[tuple[str, Q]]:
    """(match kind, condition) pairs.

    prefix: the folded full name starts with the query ("nguyen van a" finds Nguyễn Văn An).
    given: the given name equals the last word and every other word is a name word elsewhere
       ("an" finds every An; "nguyen an" finds Nguyễn Văn An; "thi lan" finds Trần Thị Lan).
    """
    tokens = folded.split()
    given = Q(given_folded=tokens[-1])
    for token in tokens[:-1]:
        given &= _word_in_name(token)
    return [(PREFIX, _prefix_range(folded)), (GIVEN, given)]


def _rank(kind: str, name_folded: str, folded: str) -> int:
    """0 the whole name as typed, 1 the given name as typed, 2 a longer name that starts so."""
    if name_folded == folded:
        return 0
    return 1 if kind == GIVEN else 2


# Residences that bring a person managed elsewhere into an area's "residing here" list.
VISITING_KINDS = (Residence.Kind.TEMPORARY, Residence.Kind.CURRENT)


def _visiting(scope: Scope, kinds=VISITING_KINDS) -> QuerySet[Residence]:
    """Active residences of these kinds (temporary or current by default) in the scope's communes.

    The communes are listed by id rather than joined, so the planner knows how many
    residences match and starts from the (selective) name side in a search.
    """
    if scope.province_id is not None:
        ids = list(Unit.objects.filter(province_id=scope.province_id).values_list("pk", flat=True))
    else:
        ids = list(scope.commune_ids)
    return Residence.objects.filter(unit_id__in=ids, kind__in=kinds, ended_on__isnull=True)


def _branches(scope: Scope, base: QuerySet[Person]) -> list[QuerySet[Person]]:
    """People managed in the scope, and (separately, so each uses its own index) people
    managed elsewhere with an active residence of any kind in it: exactly people_in_scope,
    so every person an officer may open can be found."""
    if scope.national:
        return [base]
    residing = _visiting(scope, kinds=Residence.Kind.values)
    if scope.province_id is None:
        # SQLite drives from the commune's residents (an IN subquery), bounded by the commune's
        # size; a correlated EXISTS would probe every name match in the country instead.
        # (bench_search at 50k people, 24k-person communes: +25 ms p50 on SQLite, none on PG.)
        visiting = Q(pk__in=residing.values("person_id"))
    else:
        visiting = Q(Exists(residing.filter(person=OuterRef("pk"))))
    return [base.filter(scope.q()), base.exclude(scope.q()).filter(visiting)]


def _exact_match(text: str) -> Q | None:
    """A personal ID, an old CMND number, a record id or a household code; None for names."""
    if _DIGITS_ONLY.fullmatch(text):
        digits = clean_digits(text)
        if len(digits) == ID_NUMBER_LENGTH:
            return Q(personal_id=digits)
        if len(digits) == OLD_ID_NUMBER_LENGTH:
            return Q(old_id_number=digits)
        return Q(record_id=digits) | _household_code(digits)
    if _CODE_LIKE.fullmatch(text):
        return Q(record_id=text) | _household_code(text)
    return None


def _household_code(text: str) -> Q:
    return Q(household_id__in=Household.objects.filter(code=text.upper()).values("pk"))


def _diacritic_hits(full_name: str, words: list[str]) -> int:
    """How many query words appear with exactly these diacritics in the person's name."""
    name_words = set(full_name.lower().split())
    return sum(1 for w in words if w in name_words)


def search_people(
    scope: Scope, text: str, *, limit: int = 50, base: QuerySet[Person] | None = None
) -> list[Person]:
    """People in the scope matching `text`, best first (at most `limit`).

    `text` may be a 12-digit personal ID, a 9-digit CMND number, a record id or a household
    code (exact matches), or a name with or without diacritics. Names are folded (rules.names)
    and matched by full-name prefix, then by given name plus the other words; diacritics
    typed in the query are evidence, so names that carry them exactly rank first ("Lân"
    before "Lan"). `base` narrows the people searched (status, sex, ... filters).
    """
    text = " ".join((text or "").split())
    base = (base if base is not None else Person.objects.all()).select_related("unit")
    if not text or scope.is_empty:
        return []
    if (exact := _exact_match(text)) is not None:
        found = {p.pk: p for b in _branches(scope, base) for p in b.filter(exact)[:limit]}
        return sorted(found.values(), key=lambda p: (p.name_folded, p.pk))[:limit]
    folded = fold(text)
    if not folded:
        return []
    words = normalise(text).lower().split()
    weigh = folded != " ".join(words)  # the query carries diacritics (or đ)
    # Without diacritics every branch is already in rank order, so `limit` rows each suffice;
    # with them, a wider net lets exact spellings further down the alphabet come first.
    cap = max(limit, SEARCH_CANDIDATES) if weigh else limit
    ranked: dict[int, tuple] = {}
    branches = _branches(scope, base)
    for kind, condition in _name_conditions(folded):
        for branch in branches:
            rows = branch.filter(condition).order_by("name_folded")
            # (pk, name_folded) only: the covering indexes answer without reading the table.
            for pk, name_folded in rows.values_list("pk", "name_folded")[:cap]:
                rank = (_rank(kind, name_folded, folded), name_folded)
                ranked[pk] = min(ranked.get(pk, rank), rank)
    if weigh:
        names = Person.objects.filter(pk__in=list(ranked)).values_list("pk", "full_name")
        hits = {pk: _diacritic_hits(full_name, words) for pk, full_name in names}
    else:
        hits = {}
    keys = {pk: (-hits.get(pk, 0), rank, name, pk) for pk, (rank, name) in ranked.items()}
    best = sorted(keys, key=keys.__getitem__)[:limit]
    people = base.in_bulk(best)
    return [people[pk] for pk in best]


@dataclass(frozen=True)
class PeoplePage:
    """One page of the people list; `capped` when a search found more than it shows."""

    people: list[Person]
    number: int
    has_previous: bool
    has_next: bool
    capped: bool = False


def list_people(
    scope: Scope,
    *,
    text: str = "",
    filters: Q | None = None,
    residing: bool = False,
    page: int = 1,
    per_page: int = 50,
) -> PeoplePage:
    """A page of people in the scope.

    With `text`: search results, best first (managed here or residing here). Without: the
    people the area manages, by name; with `residing`, instead those managed elsewhere who
    are registered as temporary or current residents here. No COUNT(*): a province has
    millions of rows, so a page only knows whether another follows (one query either way).
    """
    page, start = max(1, page), (max(1, page) - 1) * per_page
    base = Person.objects.filter(filters or Q())
    if text:
        found = search_people(scope, text, limit=SEARCH_RESULTS_MAX + 1, base=base)
        capped = len(found) > SEARCH_RESULTS_MAX
        rows = found[start : start + per_page + 1]
    else:
        capped = False
        people = listed_people(scope, base, residing=residing)
        rows = list(
            people.select_related("unit").order_by("name_folded", "pk")[
                start : start + per_page + 1
            ]
        )
    return PeoplePage(rows[:per_page], page, page > 1, len(rows) > per_page, capped)


def listed_people(
    scope: Scope, base: QuerySet[Person], *, residing: bool = False
) -> QuerySet[Person]:
    """The people list of an area without search text (unordered): those it manages, or with
    `residing` those managed elsewhere who reside here. The list page and its export agree."""
    return _residents_from_elsewhere(scope, base) if residing else _managed(scope, base)


def _managed(scope: Scope, base: QuerySet[Person]) -> QuerySet[Person]:
    """People whose record the area keeps; walks the (area, name) index in order."""
    if scope.is_empty:
        return base.none()
    return base.filter(scope.q())


def _residents_from_elsewhere(scope: Scope, base: QuerySet[Person]) -> QuerySet[Person]:
    """Active temporary or current residents of the area whose record is kept elsewhere."""
    if scope.is_empty or scope.national:
        return base.none()
    return base.exclude(scope.q()).filter(pk__in=_visiting(scope).values("person_id"))


def household_members(household: Household) -> QuerySet[Person]:
    """Members of a household, the head first, then by birth date."""
    head_first = Case(When(pk=household.head_id, then=Value(0)), default=Value(1))
    return (
        Person.objects.filter(household=household)
        .select_related("unit")
        .order_by(head_first, "birth_date", "pk")
    )


def person_page_related(person: Person) -> dict:
    """Everything the detail page shows besides the person's own fields (5 queries)."""
    members = household_members(person.household) if person.household_id else Person.objects.none()
    return {
        "residences": person.residences.select_related("unit").order_by("ended_on", "-started_on"),
        "relatives": person.relatives.select_related("relative").order_by("kind", "pk"),
        "documents": person.documents.order_by("-issued_on", "-pk"),
        "members": members.exclude(pk=person.pk),
        "absences": person.absences.filter(returned_on__isnull=True).order_by("-starts_on"),
        "history": person_history(person),
    }


# --- history ---------------------------------------------------------------------------------

READ_ACTIONS = ("registry.person.viewed",)


def person_history(person: Person, *, include_reads: bool = False) -> list[HistoryEntry]:
    """Audit events of the person and of its residences and relatives, newest first, with
    field-level old -> new values ready to display."""

    def ids_of(model) -> QuerySet:
        rows = model.objects.filter(person=person).annotate(s=Cast("pk", CharField()))
        return rows.values("s")

    events = AuditEvent.objects.filter(
        Q(object_type="registry.person", object_id=str(person.pk))
        | Q(object_type="registry.residence", object_id__in=ids_of(Residence))
        | Q(object_type="registry.relative", object_id__in=ids_of(Relative))
    )
    if not include_reads:
        events = events.exclude(action__in=READ_ACTIONS)
    return describe_events(events.order_by("-seq"))
