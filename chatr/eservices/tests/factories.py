"""Services, forms and requests for the desk's tests (built through the services)."""

from __future__ import annotations

from typing import Any

from chatr.eservices import services
from chatr.eservices.models import Service, ServiceRequest
from chatr.org.models import OrgUnit
from chatr.org.scope import scope_for_user

FIELDS: list[dict[str, Any]] = [
    {"key": "national_code", "label_fa": "کد ملی", "label_en": "National code",
     "type": "national_code", "required": True},
    {"key": "mobile", "label_fa": "تلفن همراه", "label_en": "Mobile", "type": "mobile"},
    {"key": "visit_on", "label_fa": "تاریخ بازدید", "label_en": "Visit date",
     "type": "jalali_date"},
    {"key": "size", "label_fa": "تعداد اعضا", "label_en": "Household size", "type": "number",
     "required": True, "min": 1, "max": 20},
    {"key": "reason", "label_fa": "علت", "label_en": "Reason", "type": "choice", "required": True,
     "choices": [{"value": "elderly", "label_fa": "سالمند", "label_en": "Elderly"},
                 {"value": "other", "label_fa": "سایر", "label_en": "Other"}]},
    {"key": "reason_other", "label_fa": "توضیح علت", "label_en": "Other reason", "type": "text",
     "max_length": 50, "required_if": {"field": "reason", "equals": "other"}},
    {"key": "has_card", "label_fa": "کارت معلولیت دارد؟", "label_en": "Has a card?",
     "type": "yes_no", "required": True},
    {"key": "card", "label_fa": "تصویر کارت", "label_en": "Card picture", "type": "file",
     "required_if": {"field": "has_card", "equals": "yes"}},
]  # fmt: skip

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32

GOOD: dict[str, Any] = {
    "national_code": "۰۴۹۹۳۷۰۸۹۹",
    "mobile": "0912 123 4567",
    "visit_on": "۱۴۰۵/۰۹/۲۰",
    "size": "۳",
    "reason": "elderly",
    "has_card": "no",
}


def make_service(
    world: Any, *, code: str = "home-visit", unit: str = "P19", fields: Any = None, **extra: Any
) -> Service:
    values: dict[str, Any] = {
        "title_fa": "درخواست بازدید منزل",
        "title_en": "Home visit",
        "description": "مددکار اجتماعی به منزل شما می‌آید.",
        "deadline_days": 10,
        "channels": ["web", "counter"],
    }
    service = Service.objects.create(
        code=code, responsible_unit=OrgUnit.objects.get(code=unit), **{**values, **extra}
    )
    if not service.owner_url_name:
        services.form_definition_publish(
            actor=world.hq_manager,
            scope=scope_for_user(world.hq_manager),
            service=service,
            fields=fields if fields is not None else FIELDS,
        )
    return service


def file_request(world: Any, service: Service, **answers: Any) -> ServiceRequest:
    return services.service_request_file(
        actor=world.citizen, service=service, data={**GOOD, **answers}
    )
