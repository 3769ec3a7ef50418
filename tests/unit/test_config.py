"""validate_config (init options) and the command argument checks in config.py."""
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from api_spec import CONFIG_FIELDS, LIMITS, THEMES
from config import (check_contact, check_context, check_enum_arg, check_locale_arg, check_questions_arg,
                    check_text, check_token_arg, known_option_names, validate_config)
from errors import ArgumentError, ConfigError, INVALID_ARGUMENT, INVALID_CONFIG, SdkError
from fake_platform import FakeElement, FakePlatform, FakeWindow
from profiles import runtime_profile

PROFILE = runtime_profile('pilot-status', '0.1.0')
KNOWN = known_option_names(CONFIG_FIELDS, runtime_profile('pilot-status', '0.0.0'))

# A realistic-looking token: if any of these characters show up in an error
# message, the token leaked.
LONG_TOKEN = 'eyJhbGciOiJIUzI1NiJ9.' + 'S3cr3tT0k3nB0dy' * 130 + '.sig'  # ~2000 characters
assert 1900 < len(LONG_TOKEN) < 2100
TOKEN_FRAGMENT = 'S3cr3tT0k3nB0dy'


def validate(raw, platform=None):
    return validate_config(raw, PROFILE, platform or FakePlatform())


def cfg(**options):
    """A valid base config with `options` merged in."""
    raw = {'token': 'tok-123'}
    raw.update(options)
    return raw


def config_error(raw):
    with pytest.raises(ConfigError) as info:
        validate(raw)
    err = info.value
    assert err.code == INVALID_CONFIG
    assert isinstance(err, SdkError)
    assert str(err) == err.sdk_message
    return str(err)


def argument_error(fn, *args):
    with pytest.raises(ArgumentError) as info:
        fn(*args)
    assert info.value.code == INVALID_ARGUMENT
    assert not isinstance(info.value, ConfigError)
    return str(info.value)


# --------------------------------------------------------------------------- top level


@pytest.mark.parametrize('raw, shown', [
    (None, 'null/undefined'),
    ('tok-123', '"tok-123"'),
    (42, 'the number 42'),
    (True, 'true'),
    ([{'token': 't'}], 'an array'),
    (lambda: None, 'a function'),
])
def test_config_must_be_an_object(raw, shown):
    message = config_error(raw)
    assert 'options object' in message
    assert shown in message


def test_known_options_match_the_spec_for_the_profile():
    # The default profile has chat tokens and no inboxId option.
    expected = [f['name'] for f in CONFIG_FIELDS if f.get('when') in (None, 'token')]
    assert KNOWN == expected
    assert 'token' in KNOWN and 'getToken' in KNOWN
    assert 'inboxId' not in KNOWN  # an option of profiles with an inbox (the Masheev build)
    masheev = known_option_names(CONFIG_FIELDS, runtime_profile('masheev', '0.0.0'))
    assert 'inboxId' in masheev and 'token' not in masheev and 'getToken' not in masheev


@pytest.mark.parametrize('name', ['tokn', 'inboxId', 'onReady', '__proto__', 'constructor', 'Theme'])
def test_unknown_option_is_rejected_and_known_ones_are_listed(name):
    message = config_error(cfg(**{name: 'x'}))
    assert message.startswith('Unknown option "' + name + '"')
    listed = message.split('Known options:', 1)[1]
    for known in KNOWN:
        assert '"' + known + '"' in listed
    assert '"inboxId"' not in listed


def test_unknown_option_is_rejected_even_when_its_value_is_none():
    message = config_error(cfg(bogus=None))
    assert '"bogus"' in message


# --------------------------------------------------------------------------- wrong types

WRONG_TYPES = [
    # option, bad value, what is allowed (fragment), how the value is described
    ('token', 42, 'must be a string', 'the number 42'),
    ('token', ['tok'], 'must be a string', 'an array'),
    ('getToken', 'abc', 'must be a function', '"abc"'),
    ('getToken', {'then': 1}, 'must be a function', 'an object'),
    ('baseUrl', 42, 'https: URL', 'the number 42'),
    ('baseUrl', {'href': 'https://x.io'}, 'https: URL', 'an object'),
    ('locale', 5, 'must be a string', 'the number 5'),
    ('locale', 'english please', 'language tag', '"english please"'),
    ('theme', 'neon', '"light", "dark", "auto"', '"neon"'),
    ('theme', 1, '"light", "dark", "auto"', 'the number 1'),
    ('mode', 'popup', '"chat-widget", "prompt-input", "embedded"', '"popup"'),
    ('position', 'center', '"left", "right"', '"center"'),
    ('position', True, '"left", "right"', 'true'),
    ('pageTracking', 'query', '"path", "full", "off"', '"query"'),
    ('pageTracking', False, '"path", "full", "off"', 'false'),
    ('container', 42, 'DOM element or a CSS selector', 'the number 42'),
    ('container', {'nodeType': 1}, 'DOM element or a CSS selector', 'an object'),
    ('container', FakeWindow('win'), 'DOM element or a CSS selector', 'an object'),
    ('placeholder', True, 'must be a string', 'true'),
    ('agentName', [], 'must be a string', 'an array'),
    ('agentTitle', {}, 'must be a string', 'an object'),
    ('questions', 'Pricing?', 'array of strings', '"Pricing?"'),
    ('questions', {'0': 'Pricing?'}, 'array of strings', 'an object'),
    ('privacyUrl', 'ftp://example.com/privacy', 'https:', '"ftp://example.com/privacy"'),
    ('privacyUrl', 7, 'https: URL', 'the number 7'),
    ('requireConsent', 'yes', 'true or false', '"yes"'),
    ('requireConsent', 1, 'true or false', 'the number 1'),
    ('hideHeader', 0, 'true or false', 'the number 0'),
    ('hideHeader', 'false', 'true or false', '"false"'),
    ('debug', 'yes', 'true or false', '"yes"'),
    ('user', 'Jane', 'must be an object', '"Jane"'),
    ('user', ['Jane'], 'must be an object', 'an array'),
    ('onSessionExpired', 'cb', 'must be a function', '"cb"'),
    ('handshakeTimeout', '5000', 'integer from 1000 to 120000', '"5000"'),
    ('handshakeTimeout', True, 'integer from 1000 to 120000', 'true'),
    ('loading', 'lazy', '"eager", "idle", "interaction"', '"lazy"'),
    ('loading', False, '"eager", "idle", "interaction"', 'false'),
]


@pytest.mark.parametrize('name, value, allowed, shown', WRONG_TYPES,
                         ids=[w[0] + '-' + type(w[1]).__name__ for w in WRONG_TYPES])
def test_wrong_type_names_field_value_and_allowed(name, value, allowed, shown):
    message = config_error(cfg(**{name: value}))
    assert 'Option "' + name + '"' in message
    assert allowed in message
    assert shown in message


def test_every_option_type_is_covered_by_the_wrong_type_table():
    assert {w[0] for w in WRONG_TYPES} == set(KNOWN)


@pytest.mark.parametrize('name, limit', [('placeholder', 255), ('agentName', 255), ('agentTitle', 255),
                                         ('token', 8192)])
def test_string_options_have_a_length_cap(name, limit):
    ok = validate(cfg(**{name: 'a' * limit}))
    assert ok[name] == 'a' * limit
    message = config_error(cfg(**{name: 'a' * (limit + 1)}))
    assert 'Option "' + name + '"' in message
    assert 'at most ' + str(limit) in message
    assert str(limit + 1) in message


def test_string_options_are_trimmed_but_the_token_is_kept_verbatim():
    out = validate(cfg(token='  tok  ', agentName='  Support  ', placeholder='\tAsk\n', locale=' pt-BR '))
    assert out['agentName'] == 'Support'
    assert out['placeholder'] == 'Ask'
    assert out['locale'] == 'pt-BR'
    assert out['token'] == '  tok  '


@pytest.mark.parametrize('locale', ['en', 'pt-BR', 'zh-Hant-TW', 'es-419'])
def test_locale_accepts_language_tags(locale):
    assert validate(cfg(locale=locale))['locale'] == locale


@pytest.mark.parametrize('locale', ['', '   ', 'e', 'pt_BR', 'en-', '<script>', 'x' * 36])
def test_locale_rejects_non_tags(locale):
    assert 'Option "locale"' in config_error(cfg(locale=locale))


# --------------------------------------------------------------------------- token / getToken


def test_token_or_get_token_is_required():
    message = config_error({})
    assert '"token"' in message and '"getToken"' in message


def test_token_and_get_token_both_none_count_as_absent():
    message = config_error({'token': None, 'getToken': None})
    assert '"token"' in message and '"getToken"' in message


def test_get_token_alone_is_enough():
    def get_token():
        return 'tok'
    out = validate({'getToken': get_token})
    assert out['getToken'] is get_token
    assert out['token'] is None


@pytest.mark.parametrize('token', ['', '   ', '\t\n'])
def test_empty_token_is_rejected(token):
    message = config_error({'token': token})
    assert '"token"' in message
    assert 'empty' in message


def test_on_session_expired_accepts_a_function():
    def expired():
        pass
    assert validate(cfg(onSessionExpired=expired))['onSessionExpired'] is expired


# --------------------------------------------------------------------------- defaults and None


def test_defaults_are_applied():
    out = validate({'token': 'tok'})
    assert sorted(out.keys()) == sorted(KNOWN)
    assert out['theme'] == 'auto'
    assert out['mode'] == 'chat-widget'
    assert out['position'] == 'right'
    assert out['baseUrl'] == PROFILE['defaultBaseUrl']
    assert out['handshakeTimeout'] == LIMITS['timeoutDefault'] == 10000
    assert out['requireConsent'] is False
    assert out['hideHeader'] is False
    for name in ['getToken', 'locale', 'container', 'placeholder', 'agentName', 'agentTitle', 'questions',
                 'privacyUrl', 'user', 'onSessionExpired']:
        assert out[name] is None, name


def test_none_values_are_treated_as_absent():
    raw = {name: None for name in KNOWN}
    raw['token'] = 'tok'
    out = validate(raw)
    assert out == validate({'token': 'tok'})


def test_raw_config_is_not_mutated():
    user = {'name': '  Jane  ', 'customAttributes': {'plan': 'pro'}}
    raw = {'token': 'tok', 'user': user, 'questions': [' a ']}
    validate(raw)
    assert raw == {'token': 'tok', 'user': {'name': '  Jane  ', 'customAttributes': {'plan': 'pro'}},
                   'questions': [' a ']}


@pytest.mark.parametrize('theme', THEMES)
def test_every_theme_is_accepted(theme):
    assert validate(cfg(theme=theme))['theme'] == theme


def test_enum_values_are_case_sensitive():
    config_error(cfg(theme='Dark'))
    config_error(cfg(position='LEFT'))


def test_booleans_pass_through():
    out = validate(cfg(requireConsent=True, hideHeader=True))
    assert out['requireConsent'] is True and out['hideHeader'] is True


# --------------------------------------------------------------------------- baseUrl / privacyUrl


@pytest.mark.parametrize('url, href', [
    ('https://chat.example.com', 'https://chat.example.com/'),
    ('https://chat.example.com/embed/', 'https://chat.example.com/embed/'),
    ('https://chat.example.com:8443', 'https://chat.example.com:8443/'),
    ('  https://chat.example.com  ', 'https://chat.example.com/'),
    ('HTTPS://Chat.Example.COM', 'https://chat.example.com/'),
    ('http://localhost', 'http://localhost/'),
    ('http://localhost:3000', 'http://localhost:3000/'),
    ('http://LOCALHOST:3000', 'http://localhost:3000/'),
    ('http://127.0.0.1:8080', 'http://127.0.0.1:8080/'),
    ('http://127.10.20.30', 'http://127.10.20.30/'),
    ('http://[::1]:5173', 'http://[::1]:5173/'),
])
def test_base_url_accepts_https_and_loopback_http(url, href):
    assert validate(cfg(baseUrl=url))['baseUrl'] == href


@pytest.mark.parametrize('url', [
    'http://chat.example.com',
    'http://127.0.0.1.evil.io',
    'http://127.0.0.1.nip.io',
    'http://localhost.evil.io',
    'http://evil-localhost',
    'http://evil.io/localhost',
    'http://evil.io/?host=localhost',
    'http://localhost@evil.io',
    'http://127.0.0.1@evil.io',
    'http://localhost:3000@evil.io',
    'http://127.0.0.0.1',
    'http://127.0.0',
    'http://128.0.0.1',
    'http://0.0.0.0',
    'http://10.0.0.1',
    'http://[::2]',
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    ' javascript:alert(document.cookie)',
    'data:text/html,<script>alert(1)</script>',
    'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
    'blob:https://chat.example.com/1234',
    'file:///etc/passwd',
    'ws://chat.example.com',
    'wss://chat.example.com',
    'ftp://chat.example.com',
    '/chat',
    '//chat.example.com',
    'chat.example.com',
    'chat.example.com/embed',
    '',
    '   ',
])
def test_base_url_rejects_non_https_and_look_alikes(url):
    message = config_error(cfg(baseUrl=url))
    assert 'Option "baseUrl"' in message
    assert 'https:' in message


@pytest.mark.parametrize('url', [
    'https://user:pass@chat.example.com',
    'https://user@chat.example.com',
    'https://:pass@chat.example.com',
    'http://admin:admin@localhost:3000',
])
def test_base_url_rejects_credentials(url):
    message = config_error(cfg(baseUrl=url))
    assert 'Option "baseUrl"' in message
    assert 'credentials' in message


@pytest.mark.parametrize('url', [
    'https://chat.example.com/?tenant=1',
    'https://chat.example.com?x',
    'https://chat.example.com/#frag',
    'https://chat.example.com/path?a=b#c',
    'http://localhost:3000/#/',
])
def test_base_url_rejects_query_and_fragment(url):
    message = config_error(cfg(baseUrl=url))
    assert 'Option "baseUrl"' in message
    assert 'query or fragment' in message


def test_privacy_url_allows_a_query_but_not_unsafe_schemes():
    out = validate(cfg(privacyUrl='https://example.com/privacy?lang=pt#top'))
    assert out['privacyUrl'] == 'https://example.com/privacy?lang=pt#top'
    for url in ['javascript:alert(1)', 'data:text/html,hi', '/privacy', 'https://u:p@example.com/privacy']:
        assert 'Option "privacyUrl"' in config_error(cfg(privacyUrl=url))


# --------------------------------------------------------------------------- container / embedded


def test_embedded_mode_requires_a_container():
    message = config_error(cfg(mode='embedded'))
    assert '"container"' in message and '"embedded"' in message
    message = config_error(cfg(mode='embedded', container=None))
    assert '"container"' in message


def test_container_as_selector_string_is_trimmed():
    out = validate(cfg(mode='embedded', container='  #chat  '))
    assert out['container'] == '#chat'


def test_container_as_element_is_kept_by_identity():
    element = FakeElement('div')
    out = validate(cfg(mode='embedded', container=element))
    assert out['container'] is element


@pytest.mark.parametrize('value', ['', '   '])
def test_container_empty_selector_is_rejected(value):
    assert 'Option "container"' in config_error(cfg(mode='embedded', container=value))


@pytest.mark.parametrize('value', [True, 3.5, ['#chat'], {'id': 'chat'}])
def test_container_rejects_other_values(value):
    message = config_error(cfg(container=value))
    assert 'DOM element or a CSS selector' in message


# --------------------------------------------------------------------------- questions


def test_questions_are_trimmed():
    assert validate(cfg(questions=['  How?  ', 'Pricing?']))['questions'] == ['How?', 'Pricing?']


def test_questions_limits():
    assert validate(cfg(questions=[]))['questions'] == []
    assert len(validate(cfg(questions=['q'] * 20))['questions']) == 20
    message = config_error(cfg(questions=['q'] * 21))
    assert 'at most 20 items' in message and '21' in message
    assert validate(cfg(questions=['a' * 300]))['questions'] == ['a' * 300]
    message = config_error(cfg(questions=['ok', 'a' * 301]))
    assert 'Option "questions"[1]' in message and 'at most 300' in message


@pytest.mark.parametrize('item', ['', '   ', 42, None, ['nested'], {'text': 'q'}])
def test_questions_items_must_be_non_empty_strings(item):
    message = config_error(cfg(questions=['fine', item]))
    assert 'Option "questions"[1]' in message


# --------------------------------------------------------------------------- user


def test_user_fields_trimmed_and_empty_dropped():
    out = validate(cfg(user={'name': '  Jane Doe ', 'email': '', 'phone': '   ', 'userId': 'usr_1',
                             'company': None}))
    assert out['user'] == {'name': 'Jane Doe', 'userId': 'usr_1'}


def test_user_unknown_field_is_rejected_and_allowed_fields_listed():
    message = config_error(cfg(user={'name': 'Jane', 'age': 30}))
    assert 'Option "user"' in message and '"age"' in message
    for allowed in ['name', 'email', 'phone', 'userId', 'company', 'customAttributes']:
        assert '"' + allowed + '"' in message


@pytest.mark.parametrize('key', ['__proto__', 'constructor', 'token'])
def test_user_rejects_dangerous_or_misplaced_keys(key):
    config_error(cfg(user={key: 'x'}))


@pytest.mark.parametrize('field', ['name', 'email', 'phone', 'userId', 'company'])
def test_user_string_fields_capped_at_255(field):
    assert validate(cfg(user={field: 'a' * 255}))['user'] == {field: 'a' * 255}
    message = config_error(cfg(user={field: 'a' * 256}))
    assert 'Option "user".' + field in message
    assert 'at most 255' in message


@pytest.mark.parametrize('value', [42, True, ['Jane'], {'first': 'Jane'}])
def test_user_string_fields_must_be_strings(value):
    message = config_error(cfg(user={'name': value}))
    assert 'Option "user".name must be a string' in message


def test_custom_attributes_accept_string_number_boolean():
    attrs = {'plan': 'pro', 'seats': 12, 'ratio': 0.5, 'trial': False, 'neg': -3}
    assert validate(cfg(user={'customAttributes': attrs}))['user'] == {'customAttributes': attrs}


def test_custom_attributes_none_is_absent():
    assert validate(cfg(user={'name': 'J', 'customAttributes': None}))['user'] == {'name': 'J'}


def test_custom_attributes_result_is_a_copy():
    attrs = {'plan': 'pro'}
    out = validate(cfg(user={'customAttributes': attrs}))
    out['user']['customAttributes']['plan'] = 'changed'
    assert attrs == {'plan': 'pro'}


@pytest.mark.parametrize('value', [None, [1], {'nested': 1}, lambda: 1, FakeElement('x')])
def test_custom_attributes_reject_other_value_types(value):
    message = config_error(cfg(user={'customAttributes': {'bad': value}}))
    assert 'customAttributes.bad' in message
    assert 'string, number or boolean' in message


@pytest.mark.parametrize('value', [math.nan, math.inf, -math.inf])
def test_custom_attributes_reject_non_finite_numbers(value):
    message = config_error(cfg(user={'customAttributes': {'score': value}}))
    assert 'customAttributes.score' in message and 'finite' in message


@pytest.mark.parametrize('value', ['pro', ['pro'], 3])
def test_custom_attributes_must_be_an_object(value):
    message = config_error(cfg(user={'customAttributes': value}))
    assert 'customAttributes must be an object' in message


def test_custom_attributes_at_most_50_keys():
    fifty = {'k' + str(i): i for i in range(50)}
    assert validate(cfg(user={'customAttributes': fifty}))['user']['customAttributes'] == fifty
    fifty['k50'] = 50
    message = config_error(cfg(user={'customAttributes': fifty}))
    assert 'at most 50 keys' in message


# --------------------------------------------------------------------------- handshakeTimeout


@pytest.mark.parametrize('value', [1000, 1001, 10000, 120000])
def test_handshake_timeout_accepts_range(value):
    assert validate(cfg(handshakeTimeout=value))['handshakeTimeout'] == value


@pytest.mark.parametrize('value', [999, 0, -5000, 120001, 10 ** 9, 1500.5, math.nan, math.inf, -math.inf, '2000',
                                   False, [2000]])
def test_handshake_timeout_rejects_out_of_range_and_non_integers(value):
    message = config_error(cfg(handshakeTimeout=value))
    assert 'Option "handshakeTimeout" must be an integer from 1000 to 120000' in message


# --------------------------------------------------------------------------- no token in messages


@pytest.mark.parametrize('raw', [
    LONG_TOKEN,                                   # init(token) instead of init({token})
    {'getToken': LONG_TOKEN},                     # token given where a function belongs
    {'token': LONG_TOKEN, 'theme': LONG_TOKEN},
    {'token': LONG_TOKEN, 'mode': LONG_TOKEN},
    {'token': LONG_TOKEN, 'baseUrl': LONG_TOKEN},
    {'token': LONG_TOKEN, 'baseUrl': 'https://chat.example.com/?t=' + LONG_TOKEN},
    {'token': LONG_TOKEN, 'baseUrl': 'https://' + LONG_TOKEN + '@chat.example.com'},
    {'token': LONG_TOKEN, 'privacyUrl': 'javascript:' + LONG_TOKEN},
    {'token': LONG_TOKEN, 'locale': LONG_TOKEN},
    {'token': LONG_TOKEN, 'placeholder': LONG_TOKEN},
    {'token': LONG_TOKEN, 'requireConsent': LONG_TOKEN},
    {'token': LONG_TOKEN, 'handshakeTimeout': LONG_TOKEN},
    {'token': LONG_TOKEN, 'onSessionExpired': LONG_TOKEN},
    {'token': LONG_TOKEN, 'questions': LONG_TOKEN},
    {'token': LONG_TOKEN, 'questions': [LONG_TOKEN]},
    {'token': LONG_TOKEN, 'user': LONG_TOKEN},
    {'token': LONG_TOKEN, 'user': {'name': LONG_TOKEN}},
    {'token': LONG_TOKEN, 'user': {'customAttributes': LONG_TOKEN}},
    {'token': LONG_TOKEN, 'user': {'customAttributes': {'jwt': LONG_TOKEN}}},
    {'token': LONG_TOKEN + 'x' * 8192},          # over the token cap
    {'token': LONG_TOKEN, 'bogus': 1},
], ids=lambda raw: 'init(token)' if isinstance(raw, str) else ','.join(sorted(raw)))
def test_error_messages_never_echo_a_long_token(raw):
    message = config_error(raw)
    assert TOKEN_FRAGMENT not in message
    assert 'eyJhbGci' not in message
    assert len(message) < 1000


@settings(max_examples=150, deadline=None)
@given(name=st.sampled_from(KNOWN), secret=st.text(alphabet='abcdefXYZ0123456789._-', min_size=41, max_size=300))
def test_property_a_long_string_in_any_option_is_never_echoed(name, secret):
    raw = {'token': 'tok', name: secret}
    if name == 'token':
        raw['getToken'] = None
    try:
        validate(raw)
    except ConfigError as err:
        assert secret not in str(err)
        assert secret[:41] not in str(err)


# --------------------------------------------------------------------------- another profile


def test_required_options_of_a_profile_without_tokens():
    profile = {'id': 'masheev', 'requiresToken': False, 'requiredOptions': ['inboxId'],
               'defaultBaseUrl': 'https://iframe.masheev.com'}
    out = validate_config({'inboxId': ' inbox_abc '}, profile, FakePlatform())
    assert out['inboxId'] == 'inbox_abc'
    assert 'token' not in out and 'getToken' not in out
    assert out['baseUrl'] == 'https://iframe.masheev.com'
    for raw in [{}, {'inboxId': None}, {'inboxId': '   '}]:
        with pytest.raises(ConfigError) as info:
            validate_config(raw, profile, FakePlatform())
        assert 'Option "inboxId" is required' in str(info.value)
    with pytest.raises(ConfigError) as info:
        validate_config({'inboxId': 'i', 'token': 't'}, profile, FakePlatform())
    assert 'Unknown option "token"' in str(info.value)


# =========================================================================== command arguments


def test_check_text_accepts_up_to_the_message_limit():
    # One limit for a user message, shared with the chat page and the server (sdk_src/limits.py).
    assert LIMITS['messageMax'] == 4000
    assert check_text('hello') == 'hello'
    assert check_text('a' * LIMITS['messageMax']) == 'a' * 4000


def test_an_over_long_message_is_refused_with_the_limit_in_the_message():
    message = argument_error(check_text, 'a' * 5000)
    assert 'at most 4000 characters; got 5000' in message


@pytest.mark.parametrize('value', ['', '   ', '\n\t', 'a' * 4001, 42, None, ['hi'], {'text': 'hi'}])
def test_check_text_rejects(value):
    message = argument_error(check_text, value)
    assert 'sendMessage(text)' in message


def test_check_text_long_message_is_not_echoed():
    message = argument_error(check_text, 'secret-' * 2000)
    assert 'secret-' not in message


def test_check_contact_masheev_rules():
    out = check_contact({'name': '  Jane Doe  ', 'email': ' jane@example.com', 'phone': '+14155551234',
                         'company': 'Acme Inc', 'userId': 'usr_123'})
    assert out == {'name': 'Jane Doe', 'email': 'jane@example.com', 'phone': '+14155551234',
                   'company': 'Acme Inc', 'userId': 'usr_123'}


def test_check_contact_drops_empty_and_none_fields():
    assert check_contact({'name': '', 'email': '   ', 'phone': None, 'company': 'Acme'}) == {'company': 'Acme'}
    assert check_contact({}) == {}


def test_check_contact_does_not_mutate_input():
    fields = {'name': '  Jane  '}
    check_contact(fields)
    assert fields == {'name': '  Jane  '}


@pytest.mark.parametrize('key', ['customAttributes', 'age', 'Name', '__proto__'])
def test_check_contact_rejects_unknown_fields(key):
    message = argument_error(check_contact, {'name': 'Jane', key: 'x'})
    assert 'updateContact(fields)' in message and '"' + key + '"' in message
    for allowed in ['name', 'email', 'phone', 'company', 'userId']:
        assert '"' + allowed + '"' in message
    assert '"customAttributes"' not in message.split('allowed:', 1)[1]


@pytest.mark.parametrize('field', ['name', 'email', 'phone', 'company', 'userId'])
def test_check_contact_trims_then_caps_fields_at_255(field):
    # The spec: "String fields are trimmed and capped at 255 characters" (capped, not refused).
    assert check_contact({field: 'a' * 255}) == {field: 'a' * 255}
    assert check_contact({field: 'a' * 300}) == {field: 'a' * 255}
    # Trimmed first, then measured: 255 characters inside spaces are kept whole.
    assert check_contact({field: '   ' + 'a' * 255 + '   '}) == {field: 'a' * 255}
    # A cut that ends in spaces is trimmed again.
    assert check_contact({field: 'a' * 254 + '  ' + 'b' * 10}) == {field: 'a' * 254}


def test_user_fields_are_still_refused_above_255():
    message = argument_error(check_context, {'name': 'a' * 256})
    assert 'updateContext(context).name' in message and 'at most 255' in message


@pytest.mark.parametrize('value', [42, False, ['x'], {'x': 1}])
def test_check_contact_fields_must_be_strings(value):
    message = argument_error(check_contact, {'email': value})
    assert 'updateContact(fields).email must be a string' in message


@pytest.mark.parametrize('value', [None, 'Jane', ['Jane'], 42])
def test_check_contact_needs_an_object(value):
    assert 'updateContact(fields) must be an object' in argument_error(check_contact, value)


def test_check_context_allows_user_fields_and_attributes():
    out = check_context({'name': ' J ', 'userId': 'u1', 'customAttributes': {'page': '/cart', 'items': 3}})
    assert out == {'name': 'J', 'userId': 'u1', 'customAttributes': {'page': '/cart', 'items': 3}}


@pytest.mark.parametrize('value', [
    {'age': 3},
    {'name': 'a' * 256},
    {'customAttributes': {'bad': [1]}},
    {'customAttributes': {'x': math.nan}},
    {'customAttributes': {'k' + str(i): i for i in range(51)}},
    'Jane',
    None,
])
def test_check_context_rejects(value):
    message = argument_error(check_context, value)
    assert 'updateContext(context)' in message


def test_check_enum_arg():
    assert check_enum_arg('setTheme(theme)', 'dark', THEMES) == 'dark'
    for bad in ['neon', 'DARK', '', None, 1, ['dark']]:
        message = argument_error(check_enum_arg, 'setTheme(theme)', bad, THEMES)
        assert 'setTheme(theme) must be one of "light", "dark", "auto"' in message


def test_check_token_arg_accepts_and_keeps_token_verbatim():
    assert check_token_arg('tok-123') == 'tok-123'
    assert check_token_arg('a' * 8192) == 'a' * 8192


@pytest.mark.parametrize('value', ['', '   ', None, 42, ['tok'], {'token': 't'}, LONG_TOKEN + 'x' * 8192])
def test_check_token_arg_rejects(value):
    message = argument_error(check_token_arg, value)
    assert 'setToken(token)' in message
    assert TOKEN_FRAGMENT not in message


def test_check_token_arg_never_echoes_even_a_short_token():
    message = argument_error(check_token_arg, '  ')
    assert '"  "' not in message
    assert 'a string of 2 characters' in message


@pytest.mark.parametrize('value, expected', [('pt-BR', 'pt-BR'), (' en ', 'en'), ('zh-Hant-TW', 'zh-Hant-TW')])
def test_check_locale_arg_accepts(value, expected):
    assert check_locale_arg(value) == expected


@pytest.mark.parametrize('value', ['', '   ', 'pt_BR', 'en-', 'english please', 'x' * 36, 5, None, ['en']])
def test_check_locale_arg_rejects(value):
    assert 'setLocale(locale)' in argument_error(check_locale_arg, value)


def test_check_questions_arg():
    assert check_questions_arg([' a ', 'b']) == ['a', 'b']
    assert check_questions_arg([]) == []
    for bad in ['Pricing?', ['q'] * 21, ['a' * 301], [''], ['  '], [1], None]:
        assert 'setQuestions(questions)' in argument_error(check_questions_arg, bad)
