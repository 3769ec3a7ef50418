"""Sanitising of contact fields (PATCH /api/widget/contact, customerInfo of a session).

Rules of the Masheev spec: only non-empty strings are applied; name, email and
company are trimmed then capped at 255 characters (code points); phone is
parsed with ``phonenumbers`` (default region from settings for national
numbers) and stored in E.164, an invalid number being silently ignored;
userId is accepted but not persisted; anything else is ignored.
"""
from __future__ import annotations

from typing import Any

import phonenumbers

from sdk_src.limits import LIMITS

TEXT_FIELDS = ('name', 'email', 'company')
MAX_TEXT = LIMITS['fieldMax']
MAX_PHONE_INPUT = 64


def normalise_phone(value: str, default_region: str) -> str | None:
    """E.164 form of a valid phone number, else None."""
    value = value.strip()
    if not value or len(value) > MAX_PHONE_INPUT:
        return None
    try:
        number = phonenumbers.parse(value, default_region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def sanitise_contact(fields: Any, default_region: str) -> dict[str, str]:
    """The fields to write, possibly empty. ``fields`` may be anything (non-objects give {})."""
    if not isinstance(fields, dict):
        return {}
    values: dict[str, str] = {}
    for name in TEXT_FIELDS:
        raw = fields.get(name)
        if isinstance(raw, str):
            text = raw.strip()[:MAX_TEXT]
            if text:
                values[name] = text
    raw_phone = fields.get('phone')
    if isinstance(raw_phone, str):
        phone = normalise_phone(raw_phone, default_region)
        if phone is not None:
            values['phone'] = phone
    # 'userId' is accepted by the SDK's type but deliberately not persisted.
    return values
