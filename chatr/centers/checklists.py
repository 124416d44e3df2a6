"""The inspection checklists shipped with the system: one per common licence type and a generic
one for the others. HQ edits them afterwards (services_supervision.checklist_save); these are
only the starting point `checklist_templates_install` writes when a type has none.

Each item is (Persian text, English text, maximum score). Scores add up to 100 per checklist so
the overall score reads as a percentage.
"""

from __future__ import annotations

from typing import NamedTuple


class ShippedChecklist(NamedTuple):
    licence_type: str  # "" for the generic checklist
    name_fa: str
    name_en: str
    items: tuple[tuple[str, str, int], ...]


_COMMON: tuple[tuple[str, str, int], ...] = (
    ("پروانه فعالیت معتبر در محل نصب شده است", "A valid activity licence is displayed", 10),
    (
        "مسئول فنی دارای صلاحیت در ساعات فعالیت حضور دارد",
        "A qualified technical director is present during opening hours",
        10,
    ),
    (
        "تعداد و ترکیب کارکنان مطابق ضوابط و ظرفیت مجاز است",
        "Staff numbers and qualifications meet the standards for the licensed capacity",
        10,
    ),
    (
        "تعداد مددجویان از ظرفیت مجاز بیشتر نیست",
        "The number of clients does not exceed the licensed capacity",
        10,
    ),
    (
        "پرونده مددجویان کامل و محرمانه نگهداری می‌شود",
        "Client files are complete and kept confidential",
        10,
    ),
    (
        "ایمنی ساختمان (کپسول آتش‌نشانی، خروج اضطراری، سیم‌کشی) تأمین است",
        "Building safety (fire extinguishers, emergency exits, wiring) is in place",
        15,
    ),
    (
        "بهداشت محیط، آشپزخانه و سرویس‌های بهداشتی مطلوب است",
        "Hygiene of the premises, kitchen and toilets is satisfactory",
        15,
    ),
    (
        "تعرفه‌ها مطابق مصوبه و در معرض دید نصب شده است",
        "Fees follow the approved tariff and are displayed",
        10,
    ),
    (
        "دفتر ثبت شکایات و رسیدگی به آن وجود دارد",
        "A complaints register exists and complaints are handled",
        10,
    ),
)

SHIPPED_CHECKLISTS: tuple[ShippedChecklist, ...] = (
    ShippedChecklist(
        "", "چک‌لیست عمومی نظارت بر مراکز", "General center inspection checklist", _COMMON
    ),
    ShippedChecklist(
        "kindergarten",
        "چک‌لیست نظارت بر مهدکودک",
        "Kindergarten inspection checklist",
        (
            ("پروانه فعالیت معتبر در محل نصب شده است", "A valid activity licence is displayed", 10),
            (
                "نسبت مربی به کودک در هر گروه سنی رعایت می‌شود",
                "The carer-to-child ratio is kept in every age group",
                15,
            ),
            (
                "مربیان دارای گواهی آموزشی معتبر هستند",
                "Carers hold valid training certificates",
                10,
            ),
            (
                "فضای بازی و وسایل آن ایمن و متناسب با سن است",
                "Play areas and equipment are safe and age-appropriate",
                15,
            ),
            (
                "برنامه غذایی مطابق دستورالعمل تغذیه کودکان است",
                "Meals follow the children's nutrition guideline",
                10,
            ),
            (
                "پرونده سلامت و واکسیناسیون کودکان کامل است",
                "Children's health and vaccination records are complete",
                10,
            ),
            (
                "ایمنی ساختمان (پریز، پله، پنجره، کپسول آتش‌نشانی) تأمین است",
                "Building safety (sockets, stairs, windows, extinguishers) is in place",
                15,
            ),
            (
                "تحویل کودک فقط به اولیا یا افراد معرفی‌شده انجام می‌شود",
                "Children are handed over only to parents or named persons",
                15,
            ),
        ),
    ),
    ShippedChecklist(
        "elderly_care",
        "چک‌لیست نظارت بر مرکز نگهداری سالمندان",
        "Elderly care center inspection checklist",
        (
            ("پروانه فعالیت معتبر در محل نصب شده است", "A valid activity licence is displayed", 10),
            (
                "پزشک و پرستار مطابق ضوابط در شیفت‌ها حضور دارند",
                "A physician and nurses are on duty as the standards require",
                15,
            ),
            (
                "داروها طبق دستور پزشک و با ثبت در کاردکس داده می‌شود",
                "Medicines are given as prescribed and recorded",
                15,
            ),
            (
                "پیشگیری از زخم بستر و سقوط انجام و ثبت می‌شود",
                "Pressure sores and falls are prevented and recorded",
                15,
            ),
            (
                "تعداد سالمندان از ظرفیت مجاز بیشتر نیست",
                "Residents do not exceed the licensed capacity",
                10,
            ),
            (
                "تغذیه متناسب با رژیم‌های درمانی سالمندان است",
                "Meals suit the residents' prescribed diets",
                10,
            ),
            (
                "حمام و سرویس‌ها دستگیره و کف ضدلغزش دارند",
                "Bathrooms and toilets have grab bars and non-slip floors",
                10,
            ),
            (
                "ملاقات خانواده و برنامه‌های تفریحی برقرار است",
                "Family visits and leisure activities take place",
                15,
            ),
        ),
    ),
    ShippedChecklist(
        "childrens_home",
        "چک‌لیست نظارت بر خانه‌های کودکان و نوجوانان",
        "Children's home inspection checklist",
        (
            ("پروانه فعالیت معتبر در محل نصب شده است", "A valid activity licence is displayed", 10),
            (
                "مددکار اجتماعی و روانشناس برای هر کودک برنامه فردی دارند",
                "A social worker and psychologist keep an individual plan for each child",
                15,
            ),
            (
                "نسبت مراقب به کودک در شبانه‌روز رعایت می‌شود",
                "The carer-to-child ratio is kept day and night",
                15,
            ),
            (
                "تحصیل همه کودکان لازم‌التعلیم پیگیری می‌شود",
                "School attendance of every school-age child is followed up",
                10,
            ),
            (
                "پرونده‌های کودکان محرمانه و فقط در دسترس افراد مجاز است",
                "Children's files are confidential and open to authorized staff only",
                15,
            ),
            (
                "خوابگاه‌ها تفکیک سنی و جنسیتی دارند",
                "Dormitories are separated by age and sex",
                10,
            ),
            (
                "تغذیه و بهداشت فردی کودکان مطلوب است",
                "Children's nutrition and personal hygiene are satisfactory",
                15,
            ),
            (
                "روند گزارش کودک‌آزاری به کارکنان آموزش داده شده است",
                "Staff are trained in reporting child abuse",
                10,
            ),
        ),
    ),
    ShippedChecklist(
        "rehabilitation",
        "چک‌لیست نظارت بر مرکز توانبخشی",
        "Rehabilitation center inspection checklist",
        (
            ("پروانه فعالیت معتبر در محل نصب شده است", "A valid activity licence is displayed", 10),
            (
                "کارشناسان توانبخشی (کاردرمانی، گفتاردرمانی، فیزیوتراپی) حضور دارند",
                "Rehabilitation specialists (occupational, speech, physio therapy) are present",
                15,
            ),
            (
                "برای هر مددجو ارزیابی و برنامه توانبخشی ثبت شده است",
                "Each client has a recorded assessment and rehabilitation plan",
                15,
            ),
            (
                "ساختمان برای افراد دارای معلولیت مناسب‌سازی شده است (رمپ، آسانسور، سرویس)",
                "The building is accessible (ramps, lift, accessible toilets)",
                15,
            ),
            (
                "تجهیزات توانبخشی سالم و کالیبره است",
                "Rehabilitation equipment is sound and calibrated",
                10,
            ),
            (
                "سرویس ایاب و ذهاب ایمن و مناسب است",
                "Transport is safe and suitable",
                10,
            ),
            (
                "بهداشت محیط و پیشگیری از عفونت رعایت می‌شود",
                "Hygiene and infection control are observed",
                15,
            ),
            (
                "رضایت خانواده‌ها سنجیده و پیگیری می‌شود",
                "Families' satisfaction is measured and acted on",
                10,
            ),
        ),
    ),
    ShippedChecklist(
        "addiction_treatment",
        "چک‌لیست نظارت بر مرکز درمان و کاهش آسیب اعتیاد",
        "Addiction treatment center inspection checklist",
        (
            ("پروانه فعالیت معتبر در محل نصب شده است", "A valid activity licence is displayed", 10),
            (
                "پزشک و روانشناس مسئول در ساعات فعالیت حضور دارند",
                "The responsible physician and psychologist are present",
                15,
            ),
            (
                "پذیرش با رضایت آگاهانه و ارزیابی اولیه ثبت می‌شود",
                "Admissions record informed consent and an initial assessment",
                15,
            ),
            (
                "داروهای تحت کنترل در قفسه قفل‌دار و با دفتر ثبت نگهداری می‌شوند",
                "Controlled medicines are locked away and logged",
                15,
            ),
            (
                "هیچ‌گونه تنبیه بدنی یا نگهداری اجباری وجود ندارد",
                "There is no corporal punishment or forced confinement",
                15,
            ),
            (
                "تعداد مراجعان از ظرفیت مجاز بیشتر نیست",
                "Clients do not exceed the licensed capacity",
                10,
            ),
            (
                "برنامه پیشگیری از عود و پیگیری پس از ترخیص وجود دارد",
                "There is a relapse-prevention and after-discharge follow-up programme",
                10,
            ),
            (
                "بهداشت محیط و ایمنی ساختمان مطلوب است",
                "Hygiene and building safety are satisfactory",
                10,
            ),
        ),
    ),
)
