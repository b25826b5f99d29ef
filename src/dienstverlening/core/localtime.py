"""The organisation's time zone: every local date and every moment typed without a zone.

Django's ``TIME_ZONE`` setting names the same zone; this constant is for code that converts
moments itself (due moments, imported dates, the API's date fields) and must not depend on
the active time zone of a request.
"""

from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
