"""parse_envelope / read_payload: the postMessage envelope rules (SECURITY-CASES 6-9)."""
import math

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from api_spec import INBOUND, LIMITS, PROTOCOL_VERSION, ROLES
from profiles import runtime_profile
from protocol import (BAD_PAYLOAD, BAD_VERSION, IGNORED, OK, UNKNOWN_TYPE, find_inbound, make_envelope,
                      parse_envelope)

PROFILE = runtime_profile('pilot-status', '0.1.0')
SOURCE = PROFILE['source']
STATUSES = {IGNORED, BAD_VERSION, UNKNOWN_TYPE, BAD_PAYLOAD, OK}
INBOUND_TYPES = [spec['type'] for spec in INBOUND]

# One valid payload per inbound type (and the parsed result it must give).
VALID = {
    'ready': {},
    'resize': {'height': 320},
    'chat:unread-count': {'count': 3},
    'chat:conversation-opened': {'conversationId': 'conv_123'},
    'session-expired': {},
    'open': {},
    'close': {},
    'message': {'role': 'ai', 'content': 'Hello! How can I help?'},
    'error': {'message': 'Something failed', 'code': 'frame-error'},
    'reset': {},
}

HOSTILE_EXTRAS = {
    '__proto__': {'polluted': True, 'isAdmin': True},
    'constructor': {'prototype': {'polluted': True}},
    'prototype': {'polluted': True},
    'polluted': 'yes',
    'toString': 'not a function',
}


def envelope(message_type, payload, **overrides):
    data = {'source': SOURCE, 'v': PROTOCOL_VERSION, 'type': message_type, 'payload': payload}
    data.update(overrides)
    return data


def parse(data):
    result = parse_envelope(data, SOURCE)
    assert set(result) == {'status', 'type', 'payload'}
    assert result['status'] in STATUSES
    if result['status'] != OK:
        assert result['payload'] is None
    return result


def status_of(data):
    return parse(data)['status']


def payload_for(message_type, **fields):
    payload = dict(VALID[message_type])
    payload.update(fields)
    return payload


# --------------------------------------------------------------------------- valid messages


def test_valid_table_covers_every_inbound_type():
    assert set(VALID) == set(INBOUND_TYPES)
    for message_type in INBOUND_TYPES:
        declared = {f['name'] for f in find_inbound(message_type)['payload']}
        assert set(VALID[message_type]) == declared


@pytest.mark.parametrize('message_type', INBOUND_TYPES)
def test_every_inbound_type_parses(message_type):
    raw = VALID[message_type]
    result = parse(envelope(message_type, dict(raw)))
    assert result == {'status': OK, 'type': message_type, 'payload': raw}


@pytest.mark.parametrize('message_type', INBOUND_TYPES)
def test_hostile_extra_keys_are_not_copied(message_type):
    raw = dict(VALID[message_type])
    raw.update(HOSTILE_EXTRAS)
    result = parse(envelope(message_type, raw))
    assert result['status'] == OK
    assert result['payload'] == VALID[message_type]
    assert set(result['payload']) == set(VALID[message_type])
    assert result['payload'] is not raw


@pytest.mark.parametrize('message_type', INBOUND_TYPES)
def test_hostile_extra_keys_on_the_envelope_are_harmless(message_type):
    data = envelope(message_type, dict(VALID[message_type]))
    data.update(HOSTILE_EXTRAS)
    assert parse(data) == {'status': OK, 'type': message_type, 'payload': VALID[message_type]}


def test_payload_is_a_fresh_object():
    raw = {'role': 'user', 'content': 'hi'}
    result = parse(envelope('message', raw))
    result['payload']['content'] = 'changed'
    assert raw['content'] == 'hi'


@pytest.mark.parametrize('message_type', [t for t in INBOUND_TYPES if not VALID[t]])
@pytest.mark.parametrize('payload', ['missing', None, {}, {'anything': 1}])
def test_payloadless_types_accept_missing_null_or_object(message_type, payload):
    data = envelope(message_type, payload)
    if payload == 'missing':
        del data['payload']
    assert parse(data) == {'status': OK, 'type': message_type, 'payload': {}}


@pytest.mark.parametrize('message_type', [t for t in INBOUND_TYPES if not VALID[t]])
@pytest.mark.parametrize('payload', ['x', 1, True, [], ['x']])
def test_payloadless_types_reject_non_object_payload(message_type, payload):
    assert status_of(envelope(message_type, payload)) == BAD_PAYLOAD


@pytest.mark.parametrize('message_type', [t for t in INBOUND_TYPES if VALID[t]])
@pytest.mark.parametrize('payload', ['missing', None, {}, 'x', 42, [], [VALID['resize']]])
def test_types_with_fields_need_an_object_payload_with_them(message_type, payload):
    data = envelope(message_type, payload)
    if payload == 'missing':
        del data['payload']
    result = parse(data)
    assert result['status'] == BAD_PAYLOAD
    assert result['type'] == message_type


# --------------------------------------------------------------------------- not ours -> ignored


class Lookalike:
    """An object of some other class that has envelope-looking attributes."""

    def __init__(self):
        self.source = SOURCE
        self.v = 1
        self.type = 'ready'
        self.payload = {}


@pytest.mark.parametrize('data', [
    None, 0, 1, -1.5, math.nan, True, False, '', 'ready',
    '{"source":"pilot-status-embed","v":1,"type":"ready","payload":{}}',
    '[iFrameSizer]message', [], [SOURCE, 1, 'ready', {}],
    [{'source': SOURCE, 'v': 1, 'type': 'ready'}], (SOURCE,), {}, Lookalike(),
    {'type': 'webpackOk', 'data': None},
    {'type': 'webpackWarnings', 'data': []},
    {'event': 'command', 'func': 'playVideo', 'args': []},
    {'source': 'react-devtools-content-script', 'payload': {'event': 'x'}},
    {'source': 'react-devtools-bridge', 'v': 1, 'type': 'resize', 'payload': {'height': 1}},
    {'source': 'vue-devtools-proxy', 'payload': {}},
    {'vscode-setstate': 1},
    {'type': 'ready', 'v': 1, 'payload': {}},
    {'source': None, 'v': 1, 'type': 'ready'},
    {'source': 1, 'v': 1, 'type': 'ready'},
    {'source': True, 'v': 1, 'type': 'ready'},
    {'source': [SOURCE], 'v': 1, 'type': 'ready'},
    {'source': {'toString': SOURCE}, 'v': 1, 'type': 'ready'},
    {'source': SOURCE.upper(), 'v': 1, 'type': 'ready'},
    {'source': ' ' + SOURCE, 'v': 1, 'type': 'ready'},
    {'source': SOURCE + '-evil', 'v': 1, 'type': 'ready'},
    {'source': SOURCE[:-1], 'v': 1, 'type': 'ready'},
    {'source': 'masheev-embed', 'v': 1, 'type': 'ready'},
])
def test_non_envelopes_are_ignored(data):
    assert parse(data) == {'status': IGNORED, 'type': None, 'payload': None}


# --------------------------------------------------------------------------- version


@pytest.mark.parametrize('v', [0, 2, -1, 1.5, '1', None, True, math.nan, math.inf, [1], {'v': 1}, 'missing'])
def test_wrong_or_missing_version(v):
    data = envelope('ready', {})
    if v == 'missing':
        del data['v']
    else:
        data['v'] = v
    assert parse(data) == {'status': BAD_VERSION, 'type': None, 'payload': None}


# --------------------------------------------------------------------------- type


@pytest.mark.parametrize('message_type', ['init', 'set-token', 'unread-count', 'Ready', 'READY', ' ready', '',
                                          'chat:resize', '__proto__', 'constructor', 'a' * 64])
def test_unknown_type(message_type):
    result = parse(envelope(message_type, {}))
    assert result['status'] == UNKNOWN_TYPE
    assert result['payload'] is None


@pytest.mark.parametrize('message_type', [None, 1, True, ['ready'], {'type': 'ready'}, 'missing'])
def test_non_string_or_missing_type(message_type):
    data = envelope(message_type, {})
    if message_type == 'missing':
        del data['type']
    assert parse(data) == {'status': UNKNOWN_TYPE, 'type': None, 'payload': None}


@pytest.mark.parametrize('length', [65, 1000, 1_000_000])
def test_type_longer_than_limit(length):
    long_type = ('ready' + 'x' * length)[:length]
    assert len(long_type) > LIMITS['typeMax']
    result = parse(envelope(long_type, {}))
    assert result['status'] == UNKNOWN_TYPE
    assert result['type'] is None   # never echo an oversized string


# --------------------------------------------------------------------------- heights


@pytest.mark.parametrize('height', [math.nan, math.inf, -math.inf, -1, -0.5, -10 ** 9, '300', '', True, False,
                                   [300], {'px': 300}])
def test_bad_heights_are_rejected(height):
    assert status_of(envelope('resize', {'height': height})) == BAD_PAYLOAD


@pytest.mark.parametrize('height, expected', [
    (0, 0), (1, 1), (320, 320), (LIMITS['heightMax'], LIMITS['heightMax']),
    (LIMITS['heightMax'] + 1, LIMITS['heightMax']), (10 ** 9, LIMITS['heightMax']), (1e300, LIMITS['heightMax']),
    (2 ** 62, LIMITS['heightMax']),
    (320.4, 320), (320.5, 321), (320.6, 321), (0.2, 0), (99.99, 100), (0.0, 0), (-0.0, 0),
])
def test_heights_are_rounded_and_clamped(height, expected):
    result = parse(envelope('resize', {'height': height}))
    assert result['status'] == OK
    value = result['payload']['height']
    assert value == expected
    assert isinstance(value, int) and not isinstance(value, bool)


# --------------------------------------------------------------------------- counts


@pytest.mark.parametrize('count', [-1, -0.5, 0.5, 2.5, 1e-9, math.nan, math.inf, -math.inf, '3', True, None, [3]])
def test_bad_counts_are_rejected(count):
    assert status_of(envelope('chat:unread-count', {'count': count})) == BAD_PAYLOAD


@pytest.mark.parametrize('count, expected', [
    (0, 0), (7, 7), (LIMITS['countMax'], LIMITS['countMax']), (LIMITS['countMax'] + 1, LIMITS['countMax']),
    (10 ** 12, LIMITS['countMax']), (1e300, LIMITS['countMax']), (5.0, 5),
])
def test_counts_are_clamped(count, expected):
    result = parse(envelope('chat:unread-count', {'count': count}))
    assert result['status'] == OK
    assert result['payload']['count'] == expected


# --------------------------------------------------------------------------- message / conversation / error


@pytest.mark.parametrize('role', ['system', 'assistant', 'AI', 'User', '', None, 1, ['ai']])
def test_message_role_outside_user_ai_is_rejected(role):
    assert status_of(envelope('message', {'role': role, 'content': 'hi'})) == BAD_PAYLOAD


@pytest.mark.parametrize('role', ROLES)
def test_message_roles(role):
    assert parse(envelope('message', {'role': role, 'content': ''}))['payload'] == {'role': role, 'content': ''}


def test_message_content_limit():
    ok = envelope('message', {'role': 'user', 'content': 'a' * LIMITS['stringMax']})
    assert status_of(ok) == OK
    too_long = envelope('message', {'role': 'user', 'content': 'a' * (LIMITS['stringMax'] + 1)})
    assert status_of(too_long) == BAD_PAYLOAD


@pytest.mark.parametrize('content', [None, 42, ['hi'], {'text': 'hi'}, True])
def test_message_content_must_be_a_string(content):
    assert status_of(envelope('message', {'role': 'ai', 'content': content})) == BAD_PAYLOAD


def test_message_content_is_data_not_markup():
    content = '<img src=x onerror=alert(1)><a href="javascript:alert(1)">x</a>'
    result = parse(envelope('message', {'role': 'ai', 'content': content}))
    assert result['payload']['content'] == content  # passed on verbatim, as text


@pytest.mark.parametrize('conversation_id', ['', None, 42, ['c'], 'c' * 201])
def test_bad_conversation_ids(conversation_id):
    data = envelope('chat:conversation-opened', {'conversationId': conversation_id})
    assert status_of(data) == BAD_PAYLOAD


@pytest.mark.parametrize('conversation_id', ['c', 'c' * 200, ' '])
def test_conversation_id_limits(conversation_id):
    data = envelope('chat:conversation-opened', {'conversationId': conversation_id})
    assert parse(data)['payload'] == {'conversationId': conversation_id}


@pytest.mark.parametrize('payload', [{'message': 'boom'}, {'message': 'boom', 'code': None}])
def test_error_code_is_optional(payload):
    assert parse(envelope('error', payload)) == {'status': OK, 'type': 'error', 'payload': {'message': 'boom'}}


@pytest.mark.parametrize('payload', [
    {'message': 'a' * 1001},
    {'message': 'boom', 'code': 'c' * 65},
    {'message': 'boom', 'code': 42},
    {'message': 42},
    {'message': None, 'code': 'x'},
    {'code': 'x'},
])
def test_bad_error_payloads(payload):
    assert status_of(envelope('error', payload)) == BAD_PAYLOAD


def test_error_limits_inclusive():
    payload = {'message': 'a' * 1000, 'code': 'c' * LIMITS['codeMax']}
    assert parse(envelope('error', payload))['payload'] == payload


# --------------------------------------------------------------------------- oversized input


MEGABYTE = 'x' * (1024 * 1024)


def deep_dict(depth):
    node = {}
    for _ in range(depth):
        node = {'a': node}
    return node


def deep_list(depth):
    node = []
    for _ in range(depth):
        node = [node]
    return node


def test_megabyte_string_in_unrelated_fields():
    data = envelope('resize', {'height': 100, 'junk': MEGABYTE}, junk=MEGABYTE, extra=[MEGABYTE] * 10)
    assert parse(data) == {'status': OK, 'type': 'resize', 'payload': {'height': 100}}


def test_megabyte_string_in_a_declared_field_is_rejected():
    assert status_of(envelope('message', {'role': 'ai', 'content': MEGABYTE})) == BAD_PAYLOAD
    assert status_of(envelope('chat:conversation-opened', {'conversationId': MEGABYTE})) == BAD_PAYLOAD
    assert status_of(envelope(MEGABYTE, {})) == UNKNOWN_TYPE
    assert status_of(dict(envelope('ready', {}), source=MEGABYTE)) == IGNORED


def test_deep_nesting_in_unrelated_fields():
    nested = deep_dict(10_000)
    data = envelope('chat:unread-count', {'count': 2, 'deep': nested}, deep=nested, deeper=deep_list(10_000))
    assert parse(data) == {'status': OK, 'type': 'chat:unread-count', 'payload': {'count': 2}}


def test_deep_nesting_in_declared_fields_is_rejected():
    nested = deep_dict(10_000)
    assert status_of(envelope('resize', {'height': nested})) == BAD_PAYLOAD
    assert status_of(envelope(nested, {})) == UNKNOWN_TYPE
    assert status_of(envelope('ready', nested)) == OK           # only the top level is looked at
    assert status_of(envelope('ready', {}, v=nested)) == BAD_VERSION
    assert status_of(envelope('ready', {}, source=nested)) == IGNORED


# =========================================================================== properties

JSON_SCALARS = (st.none() | st.booleans() | st.integers(min_value=-(2 ** 63), max_value=2 ** 63)
                | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=30))
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=15)


def valid_value(field):
    type_ = field['type']
    if type_ == 'height':
        return st.integers(min_value=0, max_value=LIMITS['heightMax'])
    if type_ == 'count':
        return st.integers(min_value=0, max_value=LIMITS['countMax'])
    if type_ == 'enum':
        return st.sampled_from(field['values'])
    if type_ == 'string':
        return st.text(min_size=field.get('minLength', 0), max_size=min(field['maxLength'], 300))
    raise AssertionError('no strategy for field type ' + type_)


@st.composite
def valid_payloads(draw, message_type=None):
    if message_type is None:
        message_type = draw(st.sampled_from(INBOUND_TYPES))
    payload = {}
    for field in find_inbound(message_type)['payload']:
        if field.get('optional') and draw(st.booleans()):
            continue
        payload[field['name']] = draw(valid_value(field))
    return message_type, payload


# Values a hostile or buggy frame might put anywhere: junk, near-misses and edge numbers.
EDGE_VALUES = (JSON_VALUES | st.sampled_from([
    math.nan, math.inf, -math.inf, -1, -0.5, 0.5, 1e300, -0.0, LIMITS['heightMax'] + 1, LIMITS['countMax'] + 1,
    '', 'x' * 65, 'x' * 201, 'x' * 1001, 'x' * 10001, 'ai', 'user', 'system', SOURCE, 1, '1', 2, 0,
]) | st.sampled_from(INBOUND_TYPES))


@st.composite
def mutated_envelopes(draw):
    message_type, payload = draw(valid_payloads())
    data = make_envelope(SOURCE, message_type, dict(payload))
    target = draw(st.sampled_from(['source', 'v', 'type', 'payload', 'field', 'extra-field', 'extra-key']))
    delete = draw(st.booleans()) and target in ('source', 'v', 'type', 'payload', 'field')
    if target == 'field':
        names = [f['name'] for f in find_inbound(message_type)['payload']]
        if not names:
            target = 'payload'
        else:
            name = draw(st.sampled_from(names))
            if delete:
                data['payload'].pop(name, None)
            else:
                data['payload'][name] = draw(EDGE_VALUES)
            return data
    if target == 'extra-field':
        data['payload'][draw(st.text(max_size=12))] = draw(EDGE_VALUES)
    elif target == 'extra-key':
        data[draw(st.text(max_size=12))] = draw(EDGE_VALUES)
    elif delete:
        del data[target]
    else:
        data[target] = draw(EDGE_VALUES)
    return data


ANY_INPUT = JSON_VALUES | mutated_envelopes() | st.dictionaries(
    st.sampled_from(['source', 'v', 'type', 'payload']) | st.text(max_size=8), EDGE_VALUES, max_size=6)

PROPERTY_SETTINGS = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check_ok_payload(message_type, payload, data):
    """Property (c): an OK payload holds exactly the declared fields with valid values."""
    spec = find_inbound(message_type)
    raw = data.get('payload')
    expected_names = set()
    for field in spec['payload']:
        name = field['name']
        if field.get('optional') and (name not in raw or raw[name] is None):  # raw is a dict: it had fields
            continue
        expected_names.add(name)
    assert set(payload) == expected_names
    for field in spec['payload']:
        name = field['name']
        if name not in payload:
            continue
        value = payload[name]
        type_ = field['type']
        assert not isinstance(value, bool)
        if type_ == 'height':
            assert isinstance(value, int)
            assert 0 <= value <= LIMITS['heightMax']
        elif type_ == 'count':
            assert isinstance(value, (int, float)) and value == int(value)
            assert 0 <= value <= LIMITS['countMax']
        elif type_ == 'enum':
            assert value in field['values']
        elif type_ == 'string':
            assert isinstance(value, str)
            assert field.get('minLength', 0) <= len(value) <= field['maxLength']
            assert value == raw[name]
        else:
            raise AssertionError('unexpected field type ' + type_)


@PROPERTY_SETTINGS
@given(data=ANY_INPUT)
def test_property_never_raises_and_status_is_known(data):
    # (a) never raises, (b) status is one of the five constants, (c) OK payloads are clean
    result = parse_envelope(data, SOURCE)
    assert result['status'] in STATUSES
    if result['status'] == OK:
        assert result['type'] in INBOUND_TYPES
        check_ok_payload(result['type'], result['payload'], data)
    else:
        assert result['payload'] is None


@PROPERTY_SETTINGS
@given(data=mutated_envelopes())
def test_property_mutated_envelopes_are_classified_and_clean(data):
    result = parse(data)
    if result['status'] == OK:
        check_ok_payload(result['type'], result['payload'], data)
    if data.get('source') != SOURCE:
        assert result['status'] == IGNORED
    elif result['status'] == OK:
        assert data['v'] == PROTOCOL_VERSION and data['type'] in INBOUND_TYPES


@PROPERTY_SETTINGS
@given(valid=valid_payloads())
def test_property_round_trip(valid):
    # (d) make_envelope -> parse_envelope gives back the same type and payload
    message_type, payload = valid
    result = parse_envelope(make_envelope(SOURCE, message_type, dict(payload)), SOURCE)
    assert result == {'status': OK, 'type': message_type, 'payload': payload}


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(source=EDGE_VALUES, rest=st.dictionaries(st.text(max_size=8), JSON_SCALARS, max_size=4),
       valid=valid_payloads())
def test_property_other_sources_are_ignored(source, rest, valid):
    # (e) whatever else the object holds, a different `source` means "not ours"
    assume(not (isinstance(source, str) and source == SOURCE))
    message_type, payload = valid
    data = make_envelope(SOURCE, message_type, payload)
    data.update(rest)
    data['source'] = source
    assert parse_envelope(data, SOURCE) == {'status': IGNORED, 'type': None, 'payload': None}


@PROPERTY_SETTINGS
@given(text=st.text(min_size=1, max_size=40))
def test_property_near_miss_sources_are_ignored(text):
    for source in [SOURCE + text, text + SOURCE, SOURCE[:len(SOURCE) // 2] + text]:
        assume(source != SOURCE)
        data = make_envelope(source, 'ready', {})
        assert parse_envelope(data, SOURCE)['status'] == IGNORED
