"""init(config) validation: every option is checked against api_spec.CONFIG_FIELDS
and normalised; anything wrong raises ConfigError naming the option, the value
received and what is allowed."""
# __pragma__ ('ecom')
# __pragma__ ('skip')
from pyvalues import (kind, has_own, own_keys, push, trim, lower, join, is_integer, is_finite_number, contains,
                      substring)
# __pragma__ ('noskip')
#?from jsvalues import kind, has_own, own_keys, push, trim, lower, join, is_integer, is_finite_number, contains
#?from jsvalues import substring

from api_spec import CONFIG_FIELDS, USER_FIELDS, CONTACT_FIELDS, CUSTOMER_FIELDS
from limits import LIMITS
from errors import ConfigError, ArgumentError, INVALID_CONFIG, INVALID_ARGUMENT


def describe(value):
    """Short, safe description of a received value for error messages.
    Never echoes string contents longer than 40 characters (tokens stay out of logs)."""
    k = kind(value)
    if k == 'string':
        if len(value) > 40:
            return 'a string of ' + str(len(value)) + ' characters'
        return '"' + value + '"'
    if k == 'number':
        if not is_finite_number(value):
            # str() spells these differently in CPython and JavaScript.
            return 'NaN' if value != value else ('Infinity' if value > 0 else '-Infinity')
        return 'the number ' + str(value)
    if k == 'boolean':
        return 'true' if value else 'false'
    if k == 'null':
        return 'null/undefined'
    if k == 'array':
        return 'an array'
    if k == 'function':
        return 'a function'
    return 'an object'


def quoted_list(values):
    parts = []
    for value in values:
        push(parts, '"' + value + '"')
    return join(parts, ', ')


def is_loopback_host(hostname):
    host = lower(hostname)
    if host == 'localhost' or host == '[::1]':
        return True
    parts = _split_on_char(host, '.')
    if len(parts) != 4 or parts[0] != '127':
        return False
    for part in parts:
        if len(part) == 0 or len(part) > 3 or not _all_in(part, DIGITS):
            return False
    return True


LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'
DIGITS = '0123456789'


def _all_in(text, allowed):
    for ch in text:
        if not contains(allowed, ch):
            return False
    return True


def _split_on_char(text, separator):
    parts = []
    current = ''
    for ch in text:
        if ch == separator:
            push(parts, current)
            current = ''
        else:
            current = current + ch
    push(parts, current)
    return parts


def is_language_tag(text):
    """A BCP 47-shaped tag: 2-3 letters, then '-'-separated parts of 1-8
    letters or digits (e.g. "pt", "pt-BR", "zh-Hant-TW")."""
    parts = _split_on_char(text, '-')
    first = parts[0]
    if len(first) < 2 or len(first) > 3 or not _all_in(first, LETTERS):
        return False
    for i in range(1, len(parts)):
        part = parts[i]
        if len(part) < 1 or len(part) > 8 or not _all_in(part, LETTERS + DIGITS):
            return False
    return True


def check_url(label, value, platform, error_class, code):
    """Absolute https: URL (http: for loopback hosts), no credentials, query or
    fragment. Returns the parsed URL dict from the platform."""
    if kind(value) != 'string' or len(trim(value)) == 0:
        raise error_class(code, label + ' must be an absolute https: URL string; got ' + describe(value) + '.')
    parsed = platform.parse_url(trim(value))
    if parsed == None:
        raise error_class(code, label + ' must be an absolute https: URL; could not parse ' + describe(value) + '.')
    protocol = parsed['protocol']
    if protocol != 'https:' and not (protocol == 'http:' and is_loopback_host(parsed['hostname'])):
        raise error_class(code, label + ' must use https: (http: is allowed only for localhost, 127.x.x.x and '
                          '[::1]); got ' + describe(value) + '.')
    if len(parsed['username']) > 0 or len(parsed['password']) > 0:
        raise error_class(code, label + ' must not contain credentials; got ' + describe(value) + '.')
    return parsed


def check_string(label, value, max_length, error_class, code):
    if kind(value) != 'string':
        raise error_class(code, label + ' must be a string; got ' + describe(value) + '.')
    if len(value) > max_length:
        raise error_class(code, label + ' must be at most ' + str(max_length) + ' characters; got '
                          + str(len(value)) + '.')
    return value


def check_string_list(label, value, error_class, code):
    if kind(value) != 'array':
        raise error_class(code, label + ' must be an array of strings; got ' + describe(value) + '.')
    if len(value) > LIMITS['questionsMax']:
        raise error_class(code, label + ' may hold at most ' + str(LIMITS['questionsMax']) + ' items; got '
                          + str(len(value)) + '.')
    result = []
    for i in range(len(value)):
        item = value[i]
        item_label = label + '[' + str(i) + ']'
        if kind(item) != 'string':
            raise error_class(code, item_label + ' must be a string; got ' + describe(item) + '.')
        text = check_string(item_label, trim(item), LIMITS['questionMax'], error_class, code)
        if len(text) == 0:
            raise error_class(code, item_label + ' must not be empty.')
        push(result, text)
    return result


def check_user(label, value, allowed_fields, allow_attributes, error_class, code, cap=False):
    """UserContext / contact fields: known string fields, trimmed; empty ones dropped.
    `cap`: a field longer than LIMITS['fieldMax'] after trimming is cut to it (the
    contact rule of the spec: "trimmed and capped at 255 characters") instead of refused."""
    if kind(value) != 'object':
        raise error_class(code, label + ' must be an object; got ' + describe(value) + '.')
    result = {}
    for key in own_keys(value):
        item = value[key]
        if key == 'customAttributes' and allow_attributes:
            if item != None:
                result['customAttributes'] = check_attributes(label + '.customAttributes', item, error_class, code)
            continue
        if not _in_list(key, allowed_fields):
            allowed = list_copy_with(allowed_fields, 'customAttributes') if allow_attributes else allowed_fields
            raise error_class(code, label + ' has an unknown field ' + describe(key) + '; allowed: '
                              + quoted_list(allowed) + '.')
        if item == None:
            continue
        if kind(item) != 'string':
            raise error_class(code, label + '.' + key + ' must be a string; got ' + describe(item) + '.')
        # Trimmed first, then measured: the server trims and caps at the same length.
        text = trim(item)
        if cap and len(text) > LIMITS['fieldMax']:
            text = trim(substring(text, 0, LIMITS['fieldMax']))
        check_string(label + '.' + key, text, LIMITS['fieldMax'], error_class, code)
        if len(text) > 0:
            result[key] = text
    return result


def check_attributes(label, value, error_class, code):
    if kind(value) != 'object':
        raise error_class(code, label + ' must be an object; got ' + describe(value) + '.')
    keys = own_keys(value)
    if len(keys) > LIMITS['attributesMax']:
        raise error_class(code, label + ' may hold at most ' + str(LIMITS['attributesMax']) + ' keys.')
    result = {}
    for key in keys:
        if len(key) == 0 or len(key) > 100:
            raise error_class(code, label + ' keys must be 1 to 100 characters long; got one of '
                              + str(len(key)) + '.')
        item = value[key]
        k = kind(item)
        if k == 'string':
            check_string(label + '.' + key, item, 1000, error_class, code)
        elif k == 'number':
            if not is_finite_number(item):
                raise error_class(code, label + '.' + key + ' must be a finite number.')
        elif k != 'boolean':
            raise error_class(code, label + '.' + key + ' must be a string, number or boolean; got '
                              + describe(item) + '.')
        result[key] = item
    return result


def _in_list(value, items):
    for item in items:
        if item == value:
            return True
    return False


def list_copy_with(items, extra):
    result = []
    for item in items:
        push(result, item)
    push(result, extra)
    return result


def profile_has(profile, feature):
    """Features of a build profile that decide which options and commands exist."""
    if feature == 'token':
        return profile['requiresToken']
    if feature == 'inbox':
        return _in_list('inboxId', profile['requiredOptions'])
    return False


def field_applies(field, profile):
    if not has_own(field, 'when'):
        return True
    return profile_has(profile, field['when'])


def known_option_names(fields, profile):
    names = []
    for field in fields:
        if field_applies(field, profile):
            push(names, field['name'])
    return names


def validate_options(raw, fields, profile, platform, method):
    """Check an options object against a list of spec fields: unknown names,
    types, allowed values; returns every known option (defaults applied)."""
    if kind(raw) != 'object':
        raise ConfigError(INVALID_CONFIG, method + ' expects an options object; got ' + describe(raw) + '.')
    names = known_option_names(fields, profile)
    for key in own_keys(raw):
        if not _in_list(key, names):
            raise ConfigError(INVALID_CONFIG, 'Unknown option ' + describe(key) + ' in ' + method + '. Known options: '
                              + quoted_list(names) + '.')
    cfg = {}
    for field in fields:
        if not field_applies(field, profile):
            continue
        name = field['name']
        value = raw[name] if has_own(raw, name) else None
        if value == None:
            cfg[name] = field['default']
            continue
        cfg[name] = check_option(field, value, platform)
    return cfg


def validate_config(raw, profile, platform):
    """init(config): returns a normalised config dict (every known option
    present, defaults applied) or raises ConfigError."""
    cfg = validate_options(raw, CONFIG_FIELDS, profile, platform, 'init(config)')
    for name in profile['requiredOptions']:
        if cfg[name] == None or (kind(cfg[name]) == 'string' and len(trim(cfg[name])) == 0):
            raise ConfigError(INVALID_CONFIG, 'Option "' + name + '" is required.')
    if profile['requiresToken'] and cfg['token'] == None and cfg['getToken'] == None:
        raise ConfigError(INVALID_CONFIG, 'Either "token" (a string) or "getToken" (an async function returning '
                          'one) is required.')
    if profile['requiresToken'] and cfg['token'] != None and len(trim(cfg['token'])) == 0:
        raise ConfigError(INVALID_CONFIG, 'Option "token" must not be empty.')
    if cfg['baseUrl'] == None:
        cfg['baseUrl'] = profile['defaultBaseUrl']
    if cfg['mode'] == 'embedded' and cfg['container'] == None:
        raise ConfigError(INVALID_CONFIG, 'Option "container" (an element or a CSS selector) is required when '
                          'mode is "embedded".')
    if cfg['loading'] == 'interaction' and cfg['mode'] == 'prompt-input':
        # The prompt bar is the whole UI and always on screen: a stand-in would be a second input bar.
        raise ConfigError(INVALID_CONFIG, 'Option "loading": "interaction" is not available in "prompt-input" mode '
                          '(it needs a launcher or a container to watch); use "idle" or "eager".')
    return cfg


def check_option(field, value, platform):
    name = field['name']
    label = 'Option "' + name + '"'
    type_ = field['type']
    if type_ == 'string':
        check_string(label, value, field['maxLength'], ConfigError, INVALID_CONFIG)
        if has_own(field, 'secret'):
            return value
        if name == 'locale' and not is_language_tag(trim(value)):
            raise ConfigError(INVALID_CONFIG, label + ' must be a language tag such as "pt-BR" or "en"; got '
                              + describe(value) + '.')
        return trim(value)
    if type_ == 'boolean':
        if kind(value) != 'boolean':
            raise ConfigError(INVALID_CONFIG, label + ' must be true or false; got ' + describe(value) + '.')
        return value
    if type_ == 'function':
        if kind(value) != 'function':
            raise ConfigError(INVALID_CONFIG, label + ' must be a function; got ' + describe(value) + '.')
        return value
    if type_ == 'enum':
        if kind(value) != 'string' or not _in_list(value, field['values']):
            raise ConfigError(INVALID_CONFIG, label + ' must be one of ' + quoted_list(field['values'])
                              + '; got ' + describe(value) + '.')
        return value
    if type_ == 'url':
        parsed = check_url(label, value, platform, ConfigError, INVALID_CONFIG)
        if name == 'baseUrl' and (len(parsed['search']) > 0 or len(parsed['hash']) > 0):
            raise ConfigError(INVALID_CONFIG, label + ' must not have a query or fragment; got '
                              + describe(value) + '.')
        return parsed['href']
    if type_ == 'string-list':
        return check_string_list(label, value, ConfigError, INVALID_CONFIG)
    if type_ == 'user':
        return check_user(label, value, USER_FIELDS, True, ConfigError, INVALID_CONFIG)
    if type_ == 'customer':
        return check_user(label, value, CUSTOMER_FIELDS, False, ConfigError, INVALID_CONFIG)
    if type_ == 'integer':
        if not is_integer(value) or value < field['min'] or value > field['max']:
            raise ConfigError(INVALID_CONFIG, label + ' must be an integer from ' + str(field['min']) + ' to '
                              + str(field['max']) + '; got ' + describe(value) + '.')
        return value
    if type_ == 'element-or-selector':
        k = kind(value)
        if k == 'string':
            if len(trim(value)) == 0:
                raise ConfigError(INVALID_CONFIG, label + ' must not be an empty selector.')
            return trim(value)
        if platform.is_element(value):
            return value
        raise ConfigError(INVALID_CONFIG, label + ' must be a DOM element or a CSS selector string; got '
                          + describe(value) + '.')
    raise ConfigError(INVALID_CONFIG, label + ' has an unsupported type in the spec: ' + type_)


def check_contact(value):
    """updateContact(fields): the spec's contact rules: strings, trimmed and capped
    at 255 characters, empty fields dropped."""
    return check_user('updateContact(fields)', value, CONTACT_FIELDS, False, ArgumentError, INVALID_ARGUMENT, True)


def check_context(value):
    return check_user('updateContext(context)', value, USER_FIELDS, True, ArgumentError, INVALID_ARGUMENT)


def check_text(value):
    """sendMessage(text): one user message, at most LIMITS['messageMax'] characters."""
    return check_message_text('sendMessage(text)', value, LIMITS['messageMax'])


def check_message_text(label, value, max_length):
    check_string(label, value, max_length, ArgumentError, INVALID_ARGUMENT)
    if len(trim(value)) == 0:
        raise ArgumentError(INVALID_ARGUMENT, label + ' needs a non-empty string.')
    return value


def check_enum_arg(label, value, values):
    if kind(value) != 'string' or not _in_list(value, values):
        raise ArgumentError(INVALID_ARGUMENT, label + ' must be one of ' + quoted_list(values) + '; got '
                            + describe(value) + '.')
    return value


def check_token_arg(value):
    if kind(value) != 'string' or len(trim(value)) == 0 or len(value) > LIMITS['tokenMax']:
        raise ArgumentError(INVALID_ARGUMENT, 'setToken(token) needs a non-empty string of at most '
                            + str(LIMITS['tokenMax']) + ' characters; got ' + describe_secret(value) + '.')
    return value


def check_locale_arg(value):
    check_string('setLocale(locale)', value, 35, ArgumentError, INVALID_ARGUMENT)
    if not is_language_tag(trim(value)):
        raise ArgumentError(INVALID_ARGUMENT, 'setLocale(locale) needs a language tag such as "pt-BR" or "en"; got '
                            + describe(value) + '.')
    return trim(value)


def check_questions_arg(value):
    return check_string_list('setQuestions(questions)', value, ArgumentError, INVALID_ARGUMENT)


def describe_secret(value):
    """Like describe() but never shows a string's contents."""
    if kind(value) == 'string':
        return 'a string of ' + str(len(value)) + ' characters'
    return describe(value)
