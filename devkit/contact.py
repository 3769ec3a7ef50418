"""Contact fields: what the page sends (sanitised) and what the site's backend vouches for (validated).

Page-supplied fields (PATCH /api/widget/contact, customerInfo of a session), rules
of the Masheev spec: only non-empty strings are applied; name, email and company
are trimmed then capped at 255 characters (code points); phone is parsed with
``phonenumbers`` (default region from settings for national numbers) and stored
in E.164, an invalid number being silently ignored; userId is accepted but not
persisted (for a verified user it is compared, see ``page_user_id``); anything
else is ignored.

The verified user block (``user`` of POST /v1/embed/sessions, from the site's
backend) is validated strictly instead: the backend is code, not a visitor, so a
mistake there is a 400 with a message naming the field, never a silent drop.
"""
from __future__ import annotations

import re
from typing import Any

import phonenumbers

from sdk_src.limits import LIMITS

TEXT_FIELDS = ('name', 'email', 'company')
MAX_TEXT = LIMITS['fieldMax']
MAX_PHONE_INPUT = 64

USER_FIELDS = ('id', 'name', 'email', 'phone')
MAX_USER_ID = 128
MAX_EMAIL = 254          # RFC 5321's limit on a forward path
# A deliberately plain shape check (one @, something on both sides, a dot in the domain,
# no spaces): the backend knows the real address; this catches a wrong field passed.
EMAIL_SHAPE = re.compile(r'[^@\s]+@[^@\s]+\.[^@\s.]+')


class UserBlockError(ValueError):
    """A `user` block the site's backend sent is not valid; the message names the field."""


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


def _has_control(text: str) -> bool:
    return not text.isprintable()


def validate_user_block(value: Any, default_region: str) -> dict[str, str] | None:
    """The verified user of a chat token: {'id', and 'name'/'email'/'phone' when given},
    phone in E.164. ``None`` (or the key absent) means an anonymous token.
    Raises UserBlockError with a message naming the first bad field."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise UserBlockError('user must be an object with an "id" (and optionally name, email, phone)')
    for key in value:
        if key not in USER_FIELDS:
            hint = ' (the user\'s id goes in "id")' if key in ('userId', 'user_id', 'uid') else ''
            raise UserBlockError(f'user.{key} is not a known field{hint}; allowed: id, name, email, phone')
    if 'id' not in value:
        raise UserBlockError('user.id is required: your backend\'s stable id for the signed-in user')
    user_id = value['id']
    if not isinstance(user_id, str):
        raise UserBlockError('user.id must be a string (send numeric ids as strings)')
    if not user_id:
        raise UserBlockError('user.id must not be empty')
    if len(user_id) > MAX_USER_ID:
        raise UserBlockError(f'user.id must be at most {MAX_USER_ID} characters')
    if _has_control(user_id) or user_id.strip() != user_id:
        raise UserBlockError('user.id must not contain control characters or leading/trailing spaces')
    user = {'id': user_id}
    for name in ('name', 'email', 'phone'):
        if name not in value or value[name] is None:
            continue
        raw = value[name]
        if not isinstance(raw, str):
            raise UserBlockError(f'user.{name} must be a string')
        text = raw.strip()
        if not text:
            raise UserBlockError(f'user.{name} must not be empty (leave it out instead)')
        if _has_control(text):
            raise UserBlockError(f'user.{name} must not contain control characters')
        if name == 'name':
            if len(text) > MAX_TEXT:
                raise UserBlockError(f'user.name must be at most {MAX_TEXT} characters')
            user['name'] = text
        elif name == 'email':
            if len(text) > MAX_EMAIL:
                raise UserBlockError(f'user.email must be at most {MAX_EMAIL} characters')
            if not EMAIL_SHAPE.fullmatch(text):
                raise UserBlockError('user.email must be an email address (name@domain.tld)')
            user['email'] = text
        else:
            phone = normalise_phone(text, default_region)
            if phone is None:
                raise UserBlockError('user.phone must be a valid phone number: E.164 (+5511987654321) or a national '
                                     f'number of region {default_region}')
            user['phone'] = phone
    return user


def page_user_id(fields: Any) -> str | None:
    """The userId a page sent with contact fields (a string), else None."""
    if isinstance(fields, dict) and isinstance(fields.get('userId'), str):
        return fields['userId']
    return None
