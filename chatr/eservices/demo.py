"""Demo data of the e-service desk: first-level services with real request forms (coverage
certificate, opening a client file, home visit, changing the address or the bank account —
approval issues the certificate or acts in the registry), catalogue entries that link to the
modules' own flows (a complaint → watchdog, a licence → centers), and one request of the
demo citizen in each state, handled by `zanjan_officer`. Idempotent: services are keyed by
code, a form is published only when the service has none, requests only when the citizen has
none."""

from __future__ import annotations

from typing import Any, Final

from django.db import transaction

from chatr.eservices import services
from chatr.eservices.choices import (
    ApprovalAction,
    Audience,
    ElectronicLevel,
    RequestChannel,
    ServiceChannel,
    ServiceType,
)
from chatr.eservices.models import FormDefinition, Service, ServiceRequest
from chatr.org.models import OrgUnit
from chatr.org.scope import scope_for_user

RULES: Final = [
    {
        "title": "قانون جامع حمایت از حقوق افراد دارای معلولیت",
        "url": "https://rc.majlis.ir/fa/law/show/1061219",
    },
    {"title": "قانون تشکیل سازمان بهزیستی کشور", "url": "https://rc.majlis.ir/fa/law/show/90920"},
]

COVERAGE_FIELDS: Final = [
    {
        "key": "national_code",
        "label_fa": "کد ملی",
        "label_en": "National code",
        "type": "national_code",
        "required": True,
    },
    {
        "key": "purpose",
        "label_fa": "گواهی برای چه کاری لازم است؟",
        "label_en": "What is the certificate for?",
        "type": "choice",
        "required": True,
        "choices": [
            {"value": "bank", "label_fa": "وام بانکی", "label_en": "Bank loan"},
            {
                "value": "education",
                "label_fa": "مدرسه یا دانشگاه",
                "label_en": "School or university",
            },
            {"value": "employer", "label_fa": "کارفرما", "label_en": "Employer"},
            {"value": "court", "label_fa": "دادگاه", "label_en": "Court"},
            {"value": "other", "label_fa": "سایر", "label_en": "Other"},
        ],
    },
    {
        "key": "purpose_other",
        "label_fa": "توضیح کاربرد گواهی",
        "label_en": "What the certificate is for",
        "type": "text",
        "max_length": 200,
        "required_if": {"field": "purpose", "equals": "other"},
    },
    {
        "key": "recipient",
        "label_fa": "نام سازمان گیرنده",
        "label_en": "Organization it is for",
        "type": "text",
        "max_length": 200,
    },
]

HOME_VISIT_FIELDS: Final = [
    {
        "key": "national_code",
        "label_fa": "کد ملی فرد نیازمند بازدید",
        "label_en": "National code of the person to visit",
        "type": "national_code",
        "required": True,
    },
    {
        "key": "contact_mobile",
        "label_fa": "تلفن همراه برای هماهنگی",
        "label_en": "Mobile for arranging the visit",
        "type": "mobile",
        "required": True,
    },
    {
        "key": "reason",
        "label_fa": "علت درخواست بازدید",
        "label_en": "Reason for the visit",
        "type": "choice",
        "required": True,
        "choices": [
            {"value": "elderly", "label_fa": "سالمند", "label_en": "Elderly person"},
            {"value": "disability", "label_fa": "معلولیت", "label_en": "Disability"},
            {"value": "illness", "label_fa": "بیماری", "label_en": "Illness"},
            {"value": "other", "label_fa": "سایر", "label_en": "Other"},
        ],
    },
    {
        "key": "has_disability_card",
        "label_fa": "آیا کارت معلولیت دارد؟",
        "label_en": "Does the person have a disability card?",
        "type": "yes_no",
        "required": True,
    },
    {
        "key": "disability_card",
        "label_fa": "تصویر کارت معلولیت",
        "label_en": "Picture of the disability card",
        "type": "file",
        "required_if": {"field": "has_disability_card", "equals": "yes"},
    },
    {
        "key": "household_size",
        "label_fa": "تعداد اعضای خانوار",
        "label_en": "Household size",
        "type": "number",
        "required": True,
        "min": 1,
        "max": 20,
    },
    {
        "key": "address",
        "label_fa": "نشانی محل بازدید",
        "label_en": "Address of the visit",
        "type": "text",
        "required": True,
        "max_length": 500,
    },
    {
        "key": "preferred_date",
        "label_fa": "تاریخ پیشنهادی بازدید",
        "label_en": "Preferred date",
        "type": "jalali_date",
        "help_fa": "مثلاً ۱۴۰۵/۰۹/۲۰",
        "help_en": "For example 1405/09/20",
    },
]

ADDRESS_FIELDS: Final = [
    {
        "key": "national_code",
        "label_fa": "کد ملی",
        "label_en": "National code",
        "type": "national_code",
        "required": True,
    },
    {
        "key": "area",
        "label_fa": "محل سکونت",
        "label_en": "Where you live",
        "type": "choice",
        "required": True,
        "choices": [
            {"value": "urban", "label_fa": "شهر", "label_en": "Town or city"},
            {"value": "rural", "label_fa": "روستا", "label_en": "Village"},
        ],
    },
    {
        "key": "village",
        "label_fa": "نام روستا",
        "label_en": "Village",
        "type": "text",
        "max_length": 100,
        "required_if": {"field": "area", "equals": "rural"},
    },
    {
        "key": "address",
        "label_fa": "نشانی جدید",
        "label_en": "New address",
        "type": "text",
        "required": True,
        "max_length": 300,
    },
    {
        "key": "postal_code",
        "label_fa": "کد پستی ده‌رقمی",
        "label_en": "10-digit postal code",
        "type": "postal_code",
        "required": True,
    },
]

BANK_FIELDS: Final = [
    {
        "key": "national_code",
        "label_fa": "کد ملی صاحب حساب (مستمری‌بگیر)",
        "label_en": "National code of the account holder (the pensioner)",
        "type": "national_code",
        "required": True,
    },
    {
        "key": "sheba",
        "label_fa": "شماره شبا",
        "label_en": "Sheba (IBAN)",
        "type": "sheba",
        "required": True,
        "help_fa": "۲۴ رقم پس از IR، مثلاً IR06 0170 0000 0034 5678 9012 34",
        "help_en": "IR followed by 24 digits",
    },
    {
        "key": "holder_name",
        "label_fa": "نام صاحب حساب",
        "label_en": "Account holder's name",
        "type": "text",
        "max_length": 200,
    },
    {
        "key": "bank_letter",
        "label_fa": "تصویر گواهی شبا از بانک",
        "label_en": "The bank's Sheba certificate (picture or PDF)",
        "type": "file",
        "required": True,
    },
]

FILE_FIELDS: Final = [
    {
        "key": "national_code",
        "label_fa": "کد ملی متقاضی",
        "label_en": "National code of the applicant",
        "type": "national_code",
        "required": True,
    },
    {
        "key": "sub_group",
        "label_fa": "درخواست حمایت در کدام گروه؟",
        "label_en": "Which support is asked for?",
        "type": "choice",
        "required": True,
        "choices": [
            {"value": "disability", "label_fa": "معلولیت", "label_en": "Disability"},
            {
                "value": "female_headed",
                "label_fa": "زنان سرپرست خانوار",
                "label_en": "Female-headed household",
            },
            {"value": "elderly", "label_fa": "سالمندی", "label_en": "Elderly"},
        ],
    },
    {
        "key": "situation",
        "label_fa": "شرح وضعیت و نیاز",
        "label_en": "Your situation and needs",
        "type": "text",
        "required": True,
        "max_length": 1000,
    },
    {
        "key": "evidence",
        "label_fa": "مدرک پزشکی یا حکم (در صورت وجود)",
        "label_en": "Medical or court document (if any)",
        "type": "file",
    },
]

# code, title fa, title en, unit, audience, description, eligibility, documents, steps, fee,
# level, days, channels, owner URL name, fields
SERVICES: Final[tuple[dict[str, Any], ...]] = (
    {
        "code": "coverage-certificate",
        "title_fa": "صدور گواهی پوشش بهزیستی",
        "title_en": "Certificate of coverage",
        "unit": "HQ",
        "audience": Audience.CLIENTS,
        "description": (
            "گواهی اینکه شما یا یکی از اعضای خانوارتان تحت پوشش سازمان بهزیستی "
            "هستید، برای ارائه به بانک، مدرسه، کارفرما یا دادگاه."
        ),
        "eligibility": "مددجویان دارای پرونده فعال در سازمان بهزیستی.",
        "documents": ["کد ملی فرد تحت پوشش"],
        "steps": ["ثبت درخواست", "بررسی پرونده", "صدور گواهی"],
        "fee": 0,
        "level": ElectronicLevel.FULLY,
        "days": 3,
        "channels": [ServiceChannel.WEB, ServiceChannel.COUNTER],
        "fields": COVERAGE_FIELDS,
        "order": 10,
        "action": ApprovalAction.COVERAGE_CERTIFICATE,
        "locally": True,
    },
    {
        "code": "open-client-file",
        "title_fa": "تشکیل پرونده مددجویی",
        "title_en": "Open a client file",
        "unit": "HQ",
        "audience": Audience.INDIVIDUALS,
        "description": (
            "درخواست حمایت بهزیستی برای خود یا یکی از اعضای خانوار. با تأیید درخواست، "
            "پرونده متقاضی در سامانه مددجویان تشکیل می‌شود و پس از بررسی کمیسیون در نوبت "
            "حمایت قرار می‌گیرد."
        ),
        "eligibility": (
            "افرادی که خود و خانوارشان در سامانه مددجویان ثبت شده‌اند (ثبت خانوار در دفاتر "
            "زندگی مثبت انجام می‌شود)."
        ),
        "documents": ["کد ملی", "مدرک پزشکی یا حکم مربوط (در صورت وجود)"],
        "steps": ["ثبت درخواست", "بررسی مددکار", "تشکیل پرونده متقاضی", "کمیسیون"],
        "fee": 0,
        "level": ElectronicLevel.PARTLY,
        "days": 10,
        "channels": [ServiceChannel.WEB, ServiceChannel.COUNTER],
        "fields": FILE_FIELDS,
        "order": 15,
        "action": ApprovalAction.REGISTRY_FILE,
        "locally": True,
    },
    {
        "code": "home-visit",
        "title_fa": "درخواست بازدید منزل مددکار اجتماعی",
        "title_en": "Home visit by a social worker",
        "unit": "P19",
        "audience": Audience.PEOPLE_WITH_DISABILITIES,
        "description": (
            "مددکار اجتماعی برای بررسی وضعیت سالمند، فرد دارای معلولیت یا بیمار به منزل شما می‌آید."
        ),
        "eligibility": (
            "ساکنان استان زنجان که خود یا یکی از اعضای خانوارشان نمی‌توانند به مرکز مراجعه کنند."
        ),
        "documents": ["کد ملی", "تصویر کارت معلولیت (در صورت وجود)"],
        "steps": ["ثبت درخواست", "تماس برای هماهنگی", "بازدید", "ثبت گزارش بازدید"],
        "fee": 0,
        "level": ElectronicLevel.PARTLY,
        "days": 10,
        "channels": [ServiceChannel.WEB, ServiceChannel.COUNTER, ServiceChannel.PHONE],
        "fields": HOME_VISIT_FIELDS,
        "order": 20,
    },
    {
        "code": "address-update",
        "title_fa": "تغییر نشانی در پرونده",
        "title_en": "Change the address on your file",
        "unit": "HQ",
        "audience": Audience.CLIENTS,
        "description": (
            "نشانی جدید خانوار را اعلام کنید تا نامه‌ها و بازدیدها به نشانی درست برسد. با "
            "تأیید، درخواست تغییر در سامانه مددجویان ثبت می‌شود و پس از تأیید سرپرست اعمال "
            "می‌شود."
        ),
        "eligibility": "مددجویان دارای پرونده.",
        "documents": ["کد پستی نشانی جدید"],
        "steps": ["ثبت درخواست", "بررسی", "اعمال در پرونده پس از تأیید سرپرست"],
        "fee": 0,
        "level": ElectronicLevel.FULLY,
        "days": 5,
        "channels": [ServiceChannel.WEB, ServiceChannel.COUNTER],
        "fields": ADDRESS_FIELDS,
        "order": 30,
        "action": ApprovalAction.REGISTRY_ADDRESS,
        "locally": True,
    },
    {
        "code": "bank-account-update",
        "title_fa": "تغییر حساب بانکی دریافت مستمری",
        "title_en": "Change the bank account for your pension",
        "unit": "HQ",
        "audience": Audience.CLIENTS,
        "description": (
            "شماره شبای جدید برای واریز مستمری را اعلام کنید. با تأیید، درخواست تغییر در "
            "سامانه مددجویان ثبت می‌شود و از چرخه پرداخت پس از تأیید سرپرست به کار می‌رود."
        ),
        "eligibility": "مستمری‌بگیران بهزیستی؛ حساب باید به نام خود مستمری‌بگیر باشد.",
        "documents": ["گواهی شماره شبا از بانک"],
        "steps": ["ثبت درخواست", "بررسی گواهی بانک", "اعمال پس از تأیید سرپرست"],
        "fee": 0,
        "level": ElectronicLevel.FULLY,
        "days": 5,
        "channels": [ServiceChannel.WEB, ServiceChannel.COUNTER],
        "fields": BANK_FIELDS,
        "order": 35,
        "action": ApprovalAction.REGISTRY_BANK_ACCOUNT,
        "locally": True,
    },
    {
        "code": "complaint",
        "title_fa": "ثبت شکایت، انتقاد یا پیشنهاد (دیده‌بان)",
        "title_en": "File a complaint or suggestion (Watchdog)",
        "unit": "HQ",
        "audience": Audience.INDIVIDUALS,
        "description": (
            "شکایت، انتقاد، پیشنهاد، تقدیر یا گزارش تخلف خود را ثبت کنید و با کد "
            "رهگیری پیگیری کنید. تلفن: ۱۴۸۲."
        ),
        "eligibility": "همه مردم؛ ثبت بدون نام فقط برای گزارش تخلف.",
        "documents": [],
        "steps": ["ثبت پیام", "ارجاع به واحد مسئول", "پاسخ"],
        "fee": 0,
        "level": ElectronicLevel.FULLY,
        "days": 15,
        "channels": [ServiceChannel.WEB, ServiceChannel.PHONE],
        "owner": "watchdog:submit",
        "order": 40,
    },
    {
        "code": "centre-licence",
        "title_fa": "درخواست مجوز تأسیس مرکز غیردولتی",
        "title_en": "Apply for a care-center licence",
        "unit": "HQ",
        "service_type": ServiceType.BUSINESS,
        "audience": Audience.ORGANIZATIONS,
        "description": (
            "درخواست موافقت اصولی برای تأسیس مرکز غیردولتی بهزیستی، برای اشخاص و "
            "سازمان‌های مردم‌نهاد."
        ),
        "eligibility": "اشخاص حقیقی دارای مدرک مرتبط و سازمان‌های مردم‌نهاد ثبت‌شده.",
        "documents": ["مدرک تحصیلی", "گواهی عدم سوءپیشینه", "رسید پرداخت تعرفه"],
        "steps": ["ثبت درخواست", "استعلام‌ها", "کمیسیون استان", "صدور موافقت اصولی"],
        "fee": 5_000_000,
        "e_payment": True,
        "level": ElectronicLevel.PARTLY,
        "days": 45,
        "channels": [ServiceChannel.WEB],
        "owner": "centers:licensing_apply",
        "order": 50,
    },
)

HOME_VISIT_ANSWERS: Final = {
    "national_code": "0499370899",
    "contact_mobile": "09121234567",
    "reason": "elderly",
    "has_disability_card": "no",
    "household_size": "2",
    "address": "زنجان، خیابان امام، کوچه لاله، پلاک ۱۲",
    "preferred_date": "1405/10/05",
}


def _service(spec: dict[str, Any]) -> Service:
    service, _created = Service.objects.update_or_create(
        code=spec["code"],
        defaults={
            "title_fa": spec["title_fa"],
            "title_en": spec["title_en"],
            "responsible_unit": OrgUnit.objects.get(code=spec["unit"]),
            "service_type": spec.get("service_type", ServiceType.CITIZEN),
            "audience": spec["audience"],
            "description": spec["description"],
            "eligibility": spec["eligibility"],
            "required_documents": spec["documents"],
            "governing_rules": RULES,
            "steps": spec["steps"],
            "fee_rials": spec["fee"],
            "e_payment": spec.get("e_payment", False),
            "electronic_level": spec["level"],
            "deadline_days": spec["days"],
            "channels": [str(channel) for channel in spec["channels"]],
            "owner_url_name": spec.get("owner", ""),
            "approval_action": spec.get("action", ApprovalAction.NONE),
            "handled_locally": spec.get("locally", False),
            "sort_order": spec["order"],
            "is_active": True,
        },
    )
    return service


@transaction.atomic
def seed_eservices_demo(world: Any) -> int:
    """Services, their forms and the demo requests. Returns how many requests exist."""
    hq_manager = world.users["hq_manager"]
    officer = world.users["zanjan_officer"]
    citizen = world.citizen
    hq_scope = scope_for_user(hq_manager)
    by_code: dict[str, Service] = {}
    for spec in SERVICES:
        service = _service(spec)
        by_code[service.code] = service
        if spec.get("fields") and not FormDefinition.objects.filter(service=service).exists():
            services.form_definition_publish(
                actor=hq_manager, scope=hq_scope, service=service, fields=spec["fields"]
            )
    if not ServiceRequest.objects.filter(applicant=citizen).exists():
        _seed_requests(by_code["home-visit"], citizen=citizen, officer=officer)
    certificates = by_code["coverage-certificate"]
    if not ServiceRequest.objects.filter(applicant=citizen, service=certificates).exists():
        _seed_certificate_requests(by_code, citizen=citizen, officer=officer)
    if not ServiceRequest.objects.filter(channel=RequestChannel.COUNTER).exists():
        _seed_counter_requests(
            by_code["home-visit"],
            citizen=citizen,
            operator=world.users["zanjan_social_worker"],
            officer=officer,
            counter=world.units["Z1901"],
        )
    return ServiceRequest.objects.count()


def _seed_counter_requests(
    service: Service, *, citizen: Any, operator: Any, officer: Any, counter: OrgUnit
) -> None:
    """Requests the Zanjan Positive Life counter filed for the demo citizen (the consent code
    is the interactive step of the operator's page; the demo files directly), some decided
    days after filing so the counters' performance page has processing times."""
    from datetime import timedelta

    from django.utils import timezone

    from chatr.cases.models import Case

    scope = scope_for_user(officer)
    for days, decision in ((9, "approve"), (5, "reject"), (2, "approve"), (0, "")):
        filed = services.service_request_file(
            actor=citizen,
            service=service,
            data=HOME_VISIT_ANSWERS,
            channel=RequestChannel.COUNTER,
            counter=counter,
            filed_by=operator,
        )
        # Demo data only: filed `days` ago, so the decision below took that long.
        Case.objects.filter(pk=filed.case_id).update(filed_at=timezone.now() - timedelta(days=days))
        if not decision:
            continue
        reviewed = services.service_request_review(actor=officer, scope=scope, request=filed)
        if decision == "approve":
            services.service_request_approve(actor=officer, scope=scope, request=reviewed)
        else:
            services.service_request_reject(
                actor=officer,
                scope=scope,
                request=reviewed,
                reason="این خدمت برای نشانی اعلام‌شده در دسترس نیست.",
            )


def _seed_requests(service: Service, *, citizen: Any, officer: Any) -> None:
    """One request in each state, oldest first."""
    scope = scope_for_user(officer)

    def file() -> ServiceRequest:
        return services.service_request_file(
            actor=citizen, service=service, data=HOME_VISIT_ANSWERS
        )

    file()  # submitted
    services.service_request_review(actor=officer, scope=scope, request=file())
    services.service_request_ask_info(
        actor=officer,
        scope=scope,
        request=services.service_request_review(actor=officer, scope=scope, request=file()),
        message="لطفاً شماره تلفن ثابت منزل و یک نشانی دقیق‌تر (نام کوچه و واحد) بفرستید.",
    )
    services.service_request_approve(
        actor=officer,
        scope=scope,
        request=services.service_request_review(actor=officer, scope=scope, request=file()),
        note="بازدید در هفته آینده انجام می‌شود؛ همکاران ما برای هماهنگی تماس می‌گیرند.",
    )
    services.service_request_reject(
        actor=officer,
        scope=scope,
        request=services.service_request_review(actor=officer, scope=scope, request=file()),
        reason="نشانی اعلام‌شده در استان زنجان نیست؛ درخواست را در استان محل سکونت ثبت کنید.",
    )
    approved = services.service_request_approve(
        actor=officer,
        scope=scope,
        request=services.service_request_review(actor=officer, scope=scope, request=file()),
    )
    services.service_request_complete(
        actor=officer, scope=scope, request=approved, note="بازدید انجام شد و گزارش آن ثبت شد."
    )


def _covered_national_code(citizen: Any, officer: Any) -> str | None:
    """The national code of the demo citizen, or of their household's head, whichever has an
    active file (the registry demo gives the citizen's mobile to a covered household)."""
    from chatr.core.errors import NotFoundError
    from chatr.registry.selectors import citizen_household, person_active_files, person_for_citizen

    try:
        person = person_for_citizen(user=citizen)
    except NotFoundError:
        return None
    household = citizen_household(person=person)
    scope = scope_for_user(officer)
    for candidate in (person, household.head if household else None):
        if candidate is not None and person_active_files(scope=scope, person=candidate):
            return str(candidate.national_code)
    return None


def _seed_certificate_requests(by_code: dict[str, Service], *, citizen: Any, officer: Any) -> None:
    """A certificate of coverage approved (its PDF downloadable, its code verifiable), one
    more waiting for the officer, and an address change waiting (approving it files the
    registry change request)."""
    national_code = _covered_national_code(citizen, officer)
    if national_code is None:
        return
    scope = scope_for_user(officer)
    answers = {"national_code": national_code, "purpose": "bank", "recipient": "بانک ملی"}
    service = by_code["coverage-certificate"]
    first = services.service_request_file(actor=citizen, service=service, data=answers)
    services.service_request_approve(
        actor=officer,
        scope=scope,
        request=services.service_request_review(actor=officer, scope=scope, request=first),
        note="گواهی صادر شد و از همین صفحه قابل دریافت است.",
    )
    services.service_request_file(
        actor=citizen, service=service, data=answers | {"purpose": "education", "recipient": ""}
    )
    services.service_request_file(
        actor=citizen,
        service=by_code["address-update"],
        data={
            "national_code": national_code,
            "area": "urban",
            "address": "زنجان، خیابان سعدی، کوچه نسترن، پلاک ۸",
            "postal_code": "4513843311",
        },
    )
