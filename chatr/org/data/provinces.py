"""The 31 provinces with their official two-digit codes (Statistical Centre of Iran, the same
numbers as ISO 3166-2:IR) and each province's capital county.

County codes in this platform are internal: "C" + province code + a two-digit serial; the
capital county is 01.
"""

from __future__ import annotations

from typing import NamedTuple


class Province(NamedTuple):
    code: str
    name_fa: str
    name_en: str
    capital_fa: str
    capital_en: str


HQ = {"code": "HQ", "name_fa": "ستاد ملی سازمان بهزیستی", "name_en": "National Headquarters"}

PROVINCES: tuple[Province, ...] = (
    Province("00", "مرکزی", "Markazi", "اراک", "Arak"),
    Province("01", "گیلان", "Gilan", "رشت", "Rasht"),
    Province("02", "مازندران", "Mazandaran", "ساری", "Sari"),
    Province("03", "آذربایجان شرقی", "East Azerbaijan", "تبریز", "Tabriz"),
    Province("04", "آذربایجان غربی", "West Azerbaijan", "ارومیه", "Urmia"),
    Province("05", "کرمانشاه", "Kermanshah", "کرمانشاه", "Kermanshah"),
    Province("06", "خوزستان", "Khuzestan", "اهواز", "Ahvaz"),
    Province("07", "فارس", "Fars", "شیراز", "Shiraz"),
    Province("08", "کرمان", "Kerman", "کرمان", "Kerman"),
    Province("09", "خراسان رضوی", "Razavi Khorasan", "مشهد", "Mashhad"),
    Province("10", "اصفهان", "Isfahan", "اصفهان", "Isfahan"),
    Province("11", "سیستان و بلوچستان", "Sistan and Baluchestan", "زاهدان", "Zahedan"),
    Province("12", "کردستان", "Kurdistan", "سنندج", "Sanandaj"),
    Province("13", "همدان", "Hamadan", "همدان", "Hamadan"),
    Province("14", "چهارمحال و بختیاری", "Chaharmahal and Bakhtiari", "شهرکرد", "Shahrekord"),
    Province("15", "لرستان", "Lorestan", "خرم‌آباد", "Khorramabad"),
    Province("16", "ایلام", "Ilam", "ایلام", "Ilam"),
    Province("17", "کهگیلویه و بویراحمد", "Kohgiluyeh and Boyer-Ahmad", "بویراحمد", "Boyer-Ahmad"),
    Province("18", "بوشهر", "Bushehr", "بوشهر", "Bushehr"),
    Province("19", "زنجان", "Zanjan", "زنجان", "Zanjan"),
    Province("20", "سمنان", "Semnan", "سمنان", "Semnan"),
    Province("21", "یزد", "Yazd", "یزد", "Yazd"),
    Province("22", "هرمزگان", "Hormozgan", "بندرعباس", "Bandar Abbas"),
    Province("23", "تهران", "Tehran", "تهران", "Tehran"),
    Province("24", "اردبیل", "Ardabil", "اردبیل", "Ardabil"),
    Province("25", "قم", "Qom", "قم", "Qom"),
    Province("26", "قزوین", "Qazvin", "قزوین", "Qazvin"),
    Province("27", "گلستان", "Golestan", "گرگان", "Gorgan"),
    Province("28", "خراسان شمالی", "North Khorasan", "بجنورد", "Bojnurd"),
    Province("29", "خراسان جنوبی", "South Khorasan", "بیرجند", "Birjand"),
    Province("30", "البرز", "Alborz", "کرج", "Karaj"),
)
