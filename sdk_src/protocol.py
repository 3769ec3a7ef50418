"""The postMessage envelope and payload rules, both directions.

parse_envelope() is total: it never raises and never walks more of the input
than the few declared fields, so megabytes of junk or deep nesting cost O(1)
(SECURITY-CASES 6-9). Payload fields are copied into fresh objects one by one,
so keys such as `__proto__` in the input are never merged anywhere.
"""
# __pragma__ ('ecom')
# __pragma__ ('skip')
from pyvalues import kind, has_own, is_finite_number, is_integer, to_int
# __pragma__ ('noskip')
#?from jsvalues import kind, has_own, is_finite_number, is_integer, to_int

from api_spec import INBOUND, PROTOCOL_VERSION
from limits import LIMITS

# parse_envelope() results
IGNORED = 'ignored'            # not ours: other libraries, junk, wrong source
BAD_VERSION = 'bad-version'    # ours, but a protocol version we do not speak
UNKNOWN_TYPE = 'unknown-type'  # ours, right version, a type we do not know
BAD_PAYLOAD = 'bad-payload'    # ours, known type, payload of the wrong shape
OK = 'ok'


def make_envelope(source, message_type, payload):
    return {'source': source, 'v': PROTOCOL_VERSION, 'type': message_type, 'payload': payload}


def find_inbound(message_type):
    return find_spec(INBOUND, message_type)


def find_spec(specs, message_type):
    for spec in specs:
        if spec['type'] == message_type:
            return spec
    return None


def parse_envelope(data, source, specs=None):
    """Classify one received `event.data` against `specs` (default: INBOUND,
    the frame -> parent messages). Returns {'status', 'type', 'payload'};
    'payload' is a fresh dict holding only the declared, validated fields."""
    if specs == None:
        specs = INBOUND
    result = {'status': IGNORED, 'type': None, 'payload': None}
    if kind(data) != 'object' or not has_own(data, 'source'):
        return result
    if kind(data['source']) != 'string' or data['source'] != source:
        return result
    if not has_own(data, 'v') or kind(data['v']) != 'number' or data['v'] != PROTOCOL_VERSION:
        result['status'] = BAD_VERSION
        return result
    message_type = data['type'] if has_own(data, 'type') else None
    if kind(message_type) != 'string' or len(message_type) > LIMITS['typeMax']:
        result['status'] = UNKNOWN_TYPE
        return result
    spec = find_spec(specs, message_type)
    if spec == None:
        result['status'] = UNKNOWN_TYPE
        result['type'] = message_type
        return result
    result['type'] = message_type
    raw = data['payload'] if has_own(data, 'payload') else None
    payload = read_payload(spec['payload'], raw)
    if payload == None:
        result['status'] = BAD_PAYLOAD
        return result
    result['status'] = OK
    result['payload'] = payload
    return result


def read_payload(fields, raw):
    """Validate `raw` against the declared fields; None if anything is wrong.
    A message without fields accepts a missing, null or object payload."""
    if len(fields) == 0:
        if raw == None or kind(raw) == 'object':
            return {}
        return None
    if kind(raw) != 'object':
        return None
    payload = {}
    for field in fields:
        name = field['name']
        present = has_own(raw, name) and raw[name] != None
        if not present:
            if has_own(field, 'optional'):
                continue
            return None
        value = read_value(field, raw[name])
        if value == None:
            return None
        payload[name] = value
    return payload


def read_value(field, value):
    type_ = field['type']
    k = kind(value)
    if type_ == 'string':
        if k != 'string' or len(value) > field['maxLength']:
            return None
        if has_own(field, 'minLength') and len(value) < field['minLength']:
            return None
        return value
    if type_ == 'enum':
        if k != 'string':
            return None
        for allowed in field['values']:
            if allowed == value:
                return value
        return None
    if type_ == 'boolean':
        return value if k == 'boolean' else None
    if type_ == 'object':
        # Passed on as received; whoever reads it checks each field it uses.
        return value if k == 'object' else None
    if type_ == 'string-list':
        if k != 'array' or len(value) > LIMITS['questionsMax']:
            return None
        for item in value:
            if kind(item) != 'string' or len(item) > LIMITS['questionMax']:
                return None
        return value
    if type_ == 'height':
        # NaN, infinities, negatives and non-numbers are ignored; fractions are
        # rounded; anything above the limit is clamped to it.
        if not is_finite_number(value) or value < 0:
            return None
        if value > LIMITS['heightMax']:
            return LIMITS['heightMax']
        return to_int(value)
    if type_ == 'count':
        # Counts must be whole and non-negative; above the limit they are clamped.
        if not is_integer(value) or value < 0:
            return None
        if value > LIMITS['countMax']:
            return LIMITS['countMax']
        return value
    return None
