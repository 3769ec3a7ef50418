"""Validation of allowedOrigins entries: exact serialised origins, nothing normalised.

An entry is accepted only when it is already in the form a browser puts in
``event.origin`` / the ``Origin`` header: ``scheme://host[:port]`` with scheme
``http`` or ``https`` in lower case, a lower-case host (DNS name in ASCII/punycode,
dotted IPv4, or bracketed IPv6 in canonical form), and a port only when it is not
the scheme's default. Anything else is refused with a message naming the problem,
never silently fixed, because the value is later compared with plain equality.
"""
from __future__ import annotations

import ipaddress
import json
import re

MAX_ORIGINS = 20
MAX_ORIGIN_LENGTH = 300
DEFAULT_PORTS = {'http': 80, 'https': 443}
_LABEL = re.compile(r'[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?')
_SCHEME = re.compile(r'([A-Za-z][A-Za-z0-9+.\-]*):')


def origin_problem(value: object) -> str | None:
    """None when ``value`` is an exact http(s) origin, else what is wrong with it."""
    if not isinstance(value, str):
        return 'must be a string'
    if not value:
        return 'must not be empty'
    if len(value) > MAX_ORIGIN_LENGTH:
        return f'must be at most {MAX_ORIGIN_LENGTH} characters'
    if any(c.isspace() or ord(c) < 0x20 or ord(c) == 0x7f for c in value):
        return 'must not contain whitespace or control characters'
    if value == 'null':
        return 'the "null" origin cannot be allowed'
    if '*' in value:
        return 'wildcards are not allowed; list each exact origin'
    match = _SCHEME.match(value)
    if not match or not value[match.end():].startswith('//'):
        return 'must be an origin of the form scheme://host[:port]'
    scheme = match.group(1)
    if scheme.lower() in DEFAULT_PORTS and scheme not in DEFAULT_PORTS:
        return f'scheme must be written in lower case ("{scheme.lower()}")'
    if scheme not in DEFAULT_PORTS:
        return 'scheme must be http or https'
    rest = value[match.end() + 2:]
    cut = min((i for i in (rest.find('/'), rest.find('?'), rest.find('#')) if i >= 0), default=-1)
    if cut >= 0:
        kind = {'/': 'a path (not even "/")', '?': 'a query', '#': 'a fragment'}[rest[cut]]
        return f'must not have {kind}'
    authority = rest
    if '@' in authority:
        return 'must not contain userinfo (user:password@)'
    if '\\' in authority:
        return 'must not contain a backslash'
    host, port = _split_host_port(authority)
    if host is None:
        return 'has a malformed host or port'
    if port is not None:
        if not port.isdigit() or not port.isascii():
            return 'port must be a number'
        if port.startswith('0') or not 1 <= int(port) <= 65535:
            return 'port must be 1-65535 without leading zeros'
        if int(port) == DEFAULT_PORTS[scheme]:
            return f'must not spell out the default port :{port} of {scheme}'
    return _host_problem(host)


def _split_host_port(authority: str) -> tuple[str | None, str | None]:
    if authority.startswith('['):
        end = authority.find(']')
        if end < 0:
            return None, None
        host, after = authority[:end + 1], authority[end + 1:]
        if after == '':
            return host, None
        if after.startswith(':') and after[1:]:
            return host, after[1:]
        return None, None
    if authority.count(':') > 1:
        return None, None
    host, colon, port = authority.partition(':')
    if colon and not port:
        return None, None  # "https://example.com:" is not how a browser writes an origin
    return host, (port if colon else None)


def _host_problem(host: str) -> str | None:
    if not host:
        return 'must have a host'
    if host.startswith('['):
        try:
            address = ipaddress.IPv6Address(host[1:-1])
        except ValueError:
            return 'has an invalid IPv6 address'
        if f'[{address.compressed}]' != host:
            return f'IPv6 address must be in canonical form ([{address.compressed}])'
        return None
    if not host.isascii():
        return 'host must be ASCII (write internationalised names in punycode, xn--...)'
    if host != host.lower():
        return 'host must be written in lower case'
    if host.endswith('.'):
        return 'host must not end with a dot'
    labels = host.split('.')
    if all(label.isdigit() for label in labels):
        try:
            address = ipaddress.IPv4Address(host)
        except ValueError:
            return 'has an invalid IPv4 address'
        if str(address) != host:
            return 'IPv4 address must be in canonical dotted form'
        return None
    if len(host) > 253 or not all(_LABEL.fullmatch(label) for label in labels):
        return 'host is not a valid DNS name'
    if labels[-1].isdigit():
        return 'host is not a valid DNS name'
    return None


def allowed_origins_problem(value: object) -> str | None:
    """None when ``value`` is a valid allowedOrigins list, else a message naming the bad entry."""
    if not isinstance(value, list):
        return 'allowedOrigins must be an array of origins'
    if not 1 <= len(value) <= MAX_ORIGINS:
        return f'allowedOrigins must have 1 to {MAX_ORIGINS} entries (got {len(value)})'
    seen: set[str] = set()
    for index, entry in enumerate(value):
        problem = origin_problem(entry)
        if problem is None and entry in seen:
            problem = 'is listed twice'
        if problem is not None:
            return f'allowedOrigins[{index}] {_show(entry)} {problem}'
        seen.add(entry)
    return None


def _show(value: object) -> str:
    text = json.dumps(value, ensure_ascii=True) if isinstance(value, str) else type(value).__name__
    return text if len(text) <= 80 else text[:77] + '...'
