"""Bulk import of people and households from CSV or XLSX, with a row-by-row report.

The layout (docs/registry-coverage-import.md): one row per person; rows with the same
`household` key form one household; the head's row also carries the household's columns.

Every row is checked with the registry's own validation (national code, postal code, Jalali
date, mobile, choices) before anything is written, and every write goes through the registry's
services (`person_register`, `household_create`, `household_member_add`), so an import obeys
the same rules and leaves the same audit trail as the pages.

Two modes:
- all or nothing: one transaction; any error anywhere and nothing is kept;
- valid rows: each household in its own savepoint; households with an error are left out.

Idempotent: people are matched by national code and households by their head's current
membership, so importing the same file again creates nothing and reports the rows as
"already registered".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chatr.audit.models import AuditAction
from chatr.audit.services import audit_record
from chatr.core.errors import ApplicationError, in_both_languages, lazy_message
from chatr.core.jalali import parse_jalali_date
from chatr.core.national_code import mask_national_code, validate_national_code
from chatr.core.phone import normalize_mobile
from chatr.core.postal_code import validate_postal_code
from chatr.core.spreadsheets import cell_text, header_name, read_rows
from chatr.core.tasks import task_enqueue
from chatr.core.text import normalize_identifier, normalize_persian, to_ascii_digits
from chatr.org.models import OrgUnit, OrgUnitKind
from chatr.org.permissions import require
from chatr.org.roles import Perm
from chatr.org.scope import Scope
from chatr.registry import services
from chatr.registry.choices import Area, Housing, Relationship, Sex
from chatr.registry.models import Household, HouseholdMember, Person
from chatr.registry.tasks import coverage_cache_refresh_task

MODE_ALL_OR_NOTHING = "all_or_nothing"
MODE_VALID_ROWS = "valid_rows"
MODES = (MODE_ALL_OR_NOTHING, MODE_VALID_ROWS)
MAX_ROWS = 5000  # a page request's bound; the management command may raise it

# Row status in the report.
CREATED = "created"  # a new person, registered and joined to the household
ADDED = "added"  # a registered person joined to the household
UNCHANGED = "unchanged"  # already registered in this household: nothing to do
ERROR = "error"  # the row itself is wrong
SKIPPED = "skipped"  # the row is fine, but its household (or the file) was not imported
STATUS_LABELS = {
    CREATED: _("Registered"),
    ADDED: _("Added to the household"),
    UNCHANGED: _("Already registered"),
    ERROR: _("Error"),
    SKIPPED: _("Not imported"),
}


@dataclass(frozen=True)
class Column:
    key: str
    label: Any  # lazy
    aliases: tuple[str, ...] = ()
    head_only: bool = False
    required: bool = False


# The documented layout, in the order of the template file.
COLUMNS: tuple[Column, ...] = (
    Column("household", _("Household key"), ("خانوار", "کد خانوار"), required=True),
    Column("national_code", _("National code"), ("کد ملی",), required=True),
    Column("first_name", _("First name"), ("نام",), required=True),
    Column("last_name", _("Last name"), ("نام خانوادگی",), required=True),
    Column("father_name", _("Father's name"), ("نام پدر",)),
    Column("birth_date", _("Birth date"), ("تاریخ تولد",), required=True),
    Column("sex", _("Sex"), ("جنسیت",), required=True),
    Column("relationship", _("Relationship to the head"), ("نسبت", "نسبت با سرپرست"), True),
    Column("mobile", _("Mobile number"), ("موبایل", "تلفن همراه")),
    Column("county", _("County code"), ("شهرستان", "کد شهرستان"), head_only=True),
    Column("area", _("Urban or rural"), ("شهری/روستایی", "محل سکونت"), head_only=True),
    Column("village", _("Village"), ("روستا",), head_only=True),
    Column("address", _("Address"), ("نشانی", "آدرس"), head_only=True),
    Column("postal_code", _("Postal code"), ("کد پستی",), head_only=True),
    Column("income_decile", _("Income decile"), ("دهک", "دهک درآمدی"), head_only=True),
    Column("housing", _("Housing"), ("مسکن", "وضعیت مسکن"), head_only=True),
)
COLUMN_BY_KEY = {c.key: c for c in COLUMNS}
_HEADERS: dict[str, str] = {}
for _column in COLUMNS:
    for _name in (_column.key, *_column.aliases):
        _HEADERS[header_name(_name)] = _column.key

# Values people type for the choices: the codes, the English and the Persian labels.
_CHOICE_ALIASES: dict[str, dict[str, Any]] = {
    "sex": {"female": Sex.FEMALE, "f": Sex.FEMALE, "زن": Sex.FEMALE, "مونث": Sex.FEMALE}
    | {"male": Sex.MALE, "m": Sex.MALE, "مرد": Sex.MALE, "مذکر": Sex.MALE},
    "relationship": {
        "سرپرست": Relationship.HEAD,
        "همسر": Relationship.SPOUSE,
        "فرزند": Relationship.CHILD,
        "پدر": Relationship.PARENT,
        "مادر": Relationship.PARENT,
        "والدین": Relationship.PARENT,
        "خواهر": Relationship.SIBLING,
        "برادر": Relationship.SIBLING,
        "نوه": Relationship.GRANDCHILD,
        "سایر": Relationship.OTHER,
    },
    "area": {"شهری": Area.URBAN, "روستایی": Area.RURAL},
    "housing": {
        "ملکی": Housing.OWNED,
        "شخصی": Housing.OWNED,
        "استیجاری": Housing.RENTED,
        "اجاره": Housing.RENTED,
        "رایگان": Housing.FREE,
        "بدون مسکن": Housing.NONE,
    },
}
_CHOICES = {"sex": Sex, "relationship": Relationship, "area": Area, "housing": Housing}

TEMPLATE_ROWS: tuple[tuple[str, ...], ...] = (
    (
        "1",
        "0084575948",
        "فاطمه",
        "رحیمی",
        "علی",
        "1365/04/12",
        "female",
        "head",
        "09121234567",
        "C1901",
        "urban",
        "",
        "زنجان، خیابان امام، کوچه ۱۲",
        "4513845678",
        "3",
        "rented",
    ),
    ("1", "0067749828", "مریم", "رحیمی", "حسن", "1390/01/20", "female", "child") + ("",) * 8,
)


@dataclass(frozen=True)
class ImportIssue:
    """One problem: the row (as numbered in the spreadsheet, the header being row 1), the
    column and what to fix, in Persian and English."""

    row: int
    column: str  # a key of COLUMNS, or "" for the whole row or file
    message: Any  # lazy: rendered in the active language

    @property
    def column_label(self) -> Any:
        column = COLUMN_BY_KEY.get(self.column)
        return column.label if column else ""

    @property
    def message_fa(self) -> str:
        return in_both_languages(self.message)[0]

    @property
    def message_en(self) -> str:
        return in_both_languages(self.message)[1]


@dataclass
class ImportRow:
    """One person row of the file, as read and then as imported."""

    number: int
    values: dict[str, str]
    household_key: str = ""
    national_code: str = ""
    person: services.PersonData | None = None
    relationship: str = ""
    household: services.HouseholdData | None = None
    status: str = ""
    issues: list[ImportIssue] = field(default_factory=list)

    @property
    def masked_code(self) -> str:
        return mask_national_code(self.national_code or self.values.get("national_code", ""))

    @property
    def status_label(self) -> Any:
        return STATUS_LABELS.get(self.status, "")


@dataclass
class ImportReport:
    mode: str
    committed: bool = False  # something was written (or the file needed no change)
    rows: list[ImportRow] = field(default_factory=list)
    file_issues: list[ImportIssue] = field(default_factory=list)  # the file as a whole
    households_created: int = 0

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)

    @property
    def issues(self) -> list[ImportIssue]:
        return [*self.file_issues, *(i for r in self.rows for i in r.issues)]

    @property
    def ok(self) -> bool:
        return not self.issues

    def summary(self) -> dict[str, Any]:
        """Counts only: what the audit trail and the command print (no personal data)."""
        return {
            "mode": self.mode,
            "committed": self.committed,
            "rows": len(self.rows),
            "households_created": self.households_created,
            "people_registered": self.count(CREATED),
            "members_added": self.count(ADDED),
            "unchanged": self.count(UNCHANGED),
            "errors": self.count(ERROR) + (1 if self.file_issues else 0),
            "not_imported": self.count(SKIPPED),
        }


class _Rollback(Exception):
    """Raised inside the all-or-nothing transaction to undo it."""


# ---------------------------------------------------------------- reading files


def _header(cells: Sequence[str]) -> tuple[dict[int, str], list[ImportIssue]]:
    positions: dict[int, str] = {}
    issues: list[ImportIssue] = []
    for index, cell in enumerate(cells):
        name = header_name(cell)
        if not name:
            continue
        key = _HEADERS.get(name)
        if key is None:
            issues.append(
                ImportIssue(
                    1, "", lazy_message(_("Unknown column “%(name)s”: remove it."), name=cell)
                )
            )
        elif key in positions.values():
            issues.append(
                ImportIssue(1, key, lazy_message(_("Column “%(name)s” appears twice."), name=cell))
            )
        else:
            positions[index] = key
    for column in COLUMNS:
        if (column.required or column.key in ("county", "area", "address", "housing")) and (
            column.key not in positions.values()
        ):
            issues.append(
                ImportIssue(
                    1,
                    column.key,
                    lazy_message(
                        _("The column “%(key)s” (%(label)s) is missing."),
                        key=column.key,
                        label=column.label,
                    ),
                )
            )
    return positions, issues


# ---------------------------------------------------------------- checking rows


def _validation_message(error: ValidationError) -> Any:
    """The core validators' first message, kept lazy so both languages can be shown."""
    first = error.error_list[0]
    return lazy_message(first.message, **(first.params or {}))


def _required(row: ImportRow, key: str) -> str:
    value = row.values.get(key, "")
    if not value:
        row.issues.append(ImportIssue(row.number, key, _("This column must be filled in.")))
    return value


def _choice(row: ImportRow, key: str) -> str:
    value = _required(row, key)
    if not value:
        return ""
    choices = _CHOICES[key]
    typed = normalize_persian(value).casefold()
    for code, label in choices.choices:
        if typed in (code, str(label).casefold()):
            return str(code)
    alias = _CHOICE_ALIASES.get(key, {}).get(typed)
    if alias:
        return str(alias)
    row.issues.append(
        ImportIssue(
            row.number,
            key,
            lazy_message(
                _("“%(value)s” is not one of: %(choices)s."),
                value=value,
                choices=", ".join(choices.values),
            ),
        )
    )
    return ""


def _person_fields(row: ImportRow, today: date) -> None:
    code = _required(row, "national_code")
    if code:
        try:
            row.national_code = validate_national_code(code)
        except ValidationError as error:
            row.issues.append(ImportIssue(row.number, "national_code", _validation_message(error)))
    first, last = _required(row, "first_name"), _required(row, "last_name")
    birth_date = None
    typed_date = _required(row, "birth_date")
    if typed_date:
        try:
            parts = to_ascii_digits(typed_date).replace("-", "/").split("/")
            if len(parts[0]) == 4 and int(parts[0]) > 1700 and len(parts) == 3:
                birth_date = date(*(int(p) for p in parts))  # a spreadsheet's Gregorian date
            else:
                birth_date = parse_jalali_date(typed_date)
        except ValidationError as error:
            row.issues.append(ImportIssue(row.number, "birth_date", _validation_message(error)))
        except ValueError:
            row.issues.append(
                ImportIssue(
                    row.number, "birth_date", _("Enter a date like 1405/09/03 (year/month/day).")
                )
            )
        if birth_date and birth_date > today:
            row.issues.append(
                ImportIssue(row.number, "birth_date", _("The birth date is in the future."))
            )
            birth_date = None
    sex = _choice(row, "sex")
    mobile = ""
    if row.values.get("mobile"):
        try:
            mobile = normalize_mobile(row.values["mobile"])
        except ValidationError as error:
            row.issues.append(ImportIssue(row.number, "mobile", _validation_message(error)))
    row.relationship = _choice(row, "relationship")
    if not row.issues and birth_date:
        row.person = services.PersonData(
            first_name=first,
            last_name=last,
            father_name=row.values.get("father_name", ""),
            birth_date=birth_date,
            sex=sex,
            national_code=row.national_code,
            mobile=mobile,
        )


def _household_fields(row: ImportRow, counties: dict[str, OrgUnit]) -> None:
    before = len(row.issues)
    code = normalize_identifier(_required(row, "county")).upper()
    county = counties.get(code) if code else None
    if code and county is None:
        row.issues.append(
            ImportIssue(
                row.number,
                "county",
                lazy_message(_("There is no county with code “%(code)s” in your area."), code=code),
            )
        )
    area = _choice(row, "area")
    address = _required(row, "address")
    housing = _choice(row, "housing")
    postal_code = ""
    if row.values.get("postal_code"):
        try:
            postal_code = validate_postal_code(row.values["postal_code"])
        except ValidationError as error:
            row.issues.append(ImportIssue(row.number, "postal_code", _validation_message(error)))
    decile = None
    if row.values.get("income_decile"):
        typed = to_ascii_digits(row.values["income_decile"]).strip()
        if typed.isdigit() and 1 <= int(typed) <= 10:
            decile = int(typed)
        else:
            row.issues.append(
                ImportIssue(
                    row.number, "income_decile", _("The income decile is a number from 1 to 10.")
                )
            )
    if len(row.issues) == before and county is not None:
        row.household = services.HouseholdData(
            county=county,
            area=area,
            address=address,
            housing=housing,
            village=row.values.get("village", ""),
            postal_code=postal_code,
            income_decile=decile,
        )


def _check(rows: list[ImportRow], counties: dict[str, OrgUnit]) -> dict[str, list[ImportRow]]:
    """Check every row and the households they form; return the rows grouped by household,
    in file order."""
    today = timezone.localdate()
    groups: dict[str, list[ImportRow]] = {}
    for row in rows:
        row.household_key = normalize_persian(row.values.get("household", ""))
        _required(row, "household")
        _person_fields(row, today)
        if row.relationship == Relationship.HEAD:
            _household_fields(row, counties)
        if row.household_key:
            groups.setdefault(row.household_key, []).append(row)
    seen: dict[str, int] = {}
    for row in rows:
        if row.national_code:
            if row.national_code in seen:
                row.issues.append(
                    ImportIssue(
                        row.number,
                        "national_code",
                        lazy_message(
                            _("This national code is already on row %(row)s."),
                            row=seen[row.national_code],
                        ),
                    )
                )
            else:
                seen[row.national_code] = row.number
    for members in groups.values():
        heads = [r for r in members if r.relationship == Relationship.HEAD]
        if not heads:
            first = members[0]
            first.issues.append(
                ImportIssue(
                    first.number,
                    "relationship",
                    _("This household has no head: mark one person as “head”."),
                )
            )
        for extra in heads[1:]:
            extra.issues.append(
                ImportIssue(
                    extra.number,
                    "relationship",
                    lazy_message(
                        _("This household already has a head on row %(row)s."),
                        row=heads[0].number,
                    ),
                )
            )
    return groups


# ---------------------------------------------------------------- writing


@dataclass
class _Known:
    """What the registry already holds for the file's national codes (two queries)."""

    people: dict[str, Person]
    current: dict[int, HouseholdMember]  # person id → their current membership


def _known(codes: Iterable[str]) -> _Known:
    people = {p.national_code: p for p in Person.objects.filter(national_code__in=list(codes))}
    current = {
        m.person_id: m
        for m in HouseholdMember.objects.filter(
            person__in=list(people.values()), left_on__isnull=True
        ).select_related("household")
    }
    return _Known(people={k: v for k, v in people.items() if k}, current=current)


def _import_household(*, actor: Any, scope: Scope, members: list[ImportRow], known: _Known) -> int:
    """Write one household's rows through the services; returns households created (0 or 1).
    Raises ApplicationError (with `row` and `column` attributes set) on the first refusal."""
    head_row = next(r for r in members if r.relationship == Relationship.HEAD)
    ordered = [head_row, *(r for r in members if r is not head_row)]
    household: Household | None = None
    created = 0
    for row in ordered:
        person = known.people.get(row.national_code)
        membership = known.current.get(person.pk) if person else None
        try:
            if person is None:
                person = services.person_register(
                    actor=actor,
                    scope=scope,
                    data=cast(services.PersonData, row.person),  # checked rows only
                    duplicates_confirmed=True,
                )
                row.status = CREATED
            if row is head_row:
                if membership is not None and membership.relationship == Relationship.HEAD:
                    household = membership.household
                    require(scope, Perm.REGISTRY_EDIT, household)
                    row.status = row.status or UNCHANGED
                    continue
                household = services.household_create(
                    actor=actor,
                    scope=scope,
                    head=person,
                    data=cast(services.HouseholdData, row.household),
                )
                created = 1
                row.status = row.status or ADDED
                continue
            if membership is not None and membership.household_id == cast(Household, household).pk:
                row.status = UNCHANGED
                continue
            services.household_member_add(
                actor=actor,
                scope=scope,
                household=cast(Household, household),
                person=person,
                relationship=row.relationship,
            )
            row.status = row.status or ADDED
        except ApplicationError as error:
            error.row = row  # type: ignore[attr-defined]
            raise
    return created


def _refusal_issue(error: ApplicationError, row: ImportRow) -> ImportIssue:
    if error.code in ("not_found", "forbidden"):
        # A registered person or household outside the importer's area: say so, not "missing".
        return ImportIssue(
            row.number,
            "national_code",
            _("This person is registered in a household outside your area."),
        )
    column = "county" if error.code == "county_out_of_scope" else "national_code"
    return ImportIssue(row.number, column, error.message)


def registry_import(
    *,
    actor: Any,
    scope: Scope,
    mode: str,
    rows: list[list[str]] | None = None,
    content: bytes | None = None,
    filename: str = "",
    max_rows: int = MAX_ROWS,
) -> ImportReport:
    """Import people and households from a file (`content`, CSV or XLSX) or from `rows`
    already read (the header first). Returns the row-by-row report; never half-writes a
    household, and in all-or-nothing mode never half-writes the file."""
    require(scope, Perm.REGISTRY_EDIT)
    if mode not in MODES:
        raise ApplicationError(
            "import_mode_invalid",
            _("Choose how to import: all or nothing, or the valid rows only."),
            fields={"mode": _("Choose how to import.")},
        )
    if rows is None:
        rows = read_rows(content=content or b"", filename=filename)
    report = ImportReport(mode=mode)
    cells = [[cell_text(c) for c in r] for r in rows]
    numbers = [i + 1 for i, r in enumerate(cells) if any(r)]
    table = [r for r in cells if any(r)]
    if not table:
        report.file_issues.append(ImportIssue(1, "", _("The file is empty.")))
        return report
    positions, header_issues = _header(table[0])
    if header_issues:
        report.file_issues.extend(header_issues)
        return report
    if len(table) - 1 > max_rows:
        report.file_issues.append(
            ImportIssue(
                1,
                "",
                lazy_message(
                    _("The file has %(count)s rows; import at most %(max)s at a time."),
                    count=len(table) - 1,
                    max=max_rows,
                ),
            )
        )
        return report
    for number, line in zip(numbers[1:], table[1:], strict=True):
        values = {key: (line[i] if i < len(line) else "") for i, key in positions.items()}
        report.rows.append(ImportRow(number=number, values=values))

    counties = {
        c.code.upper(): c
        for c in OrgUnit.objects.filter(
            scope.unit_path_q("path", Perm.REGISTRY_EDIT), kind=OrgUnitKind.COUNTY, is_active=True
        )
    }
    groups = _check(report.rows, counties)
    bad_groups = {key for key, members in groups.items() if any(r.issues for r in members)}
    for row in report.rows:
        if row.issues:
            row.status = ERROR
    known = _known(r.national_code for r in report.rows if r.national_code)

    if mode == MODE_ALL_OR_NOTHING:
        if bad_groups or any(r.status == ERROR for r in report.rows):
            _skip_the_rest(report)
        else:
            try:
                with transaction.atomic():
                    for members in groups.values():
                        report.households_created += _import_household(
                            actor=actor, scope=scope, members=members, known=known
                        )
                    report.committed = True
            except ApplicationError as error:
                failed: ImportRow = error.row  # type: ignore[attr-defined]
                failed.issues.append(_refusal_issue(error, failed))
                failed.status = ERROR
                report.households_created = 0
                for row in report.rows:
                    if row is not failed:
                        row.status = SKIPPED
    else:
        for key, members in groups.items():
            if key in bad_groups:
                for row in members:
                    row.status = row.status or SKIPPED
                continue
            try:
                with transaction.atomic():
                    report.households_created += _import_household(
                        actor=actor, scope=scope, members=members, known=known
                    )
            except ApplicationError as error:
                failed = error.row  # type: ignore[attr-defined]
                failed.issues.append(_refusal_issue(error, failed))
                failed.status = ERROR
                for row in members:
                    if row is not failed:
                        row.status = SKIPPED
        report.committed = any(r.status in (CREATED, ADDED, UNCHANGED) for r in report.rows)
    if report.count(CREATED) or report.count(ADDED):
        # New households and members change the coverage figures: recompute the national
        # ones once the import has committed (never if an outer transaction rolls it back).
        task_enqueue(coverage_cache_refresh_task)
    _audit(actor=actor, scope=scope, report=report)
    return report


def _skip_the_rest(report: ImportReport) -> None:
    for row in report.rows:
        if row.status != ERROR:
            row.status = SKIPPED


def _audit(*, actor: Any, scope: Scope, report: ImportReport) -> None:
    """One event per import with the counts only: the people have their own events."""
    grants = scope.grants_for(Perm.REGISTRY_EDIT)
    unit = OrgUnit.objects.filter(pk=grants[0].unit_id).first() if grants else None
    if unit is None:
        return
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=unit,
        changes={"registry_import": report.summary()},
    )


def template_rows() -> list[list[str]]:
    """The header and two example rows: what the template download contains."""
    return [[c.key for c in COLUMNS], *[list(r) for r in TEMPLATE_ROWS]]
