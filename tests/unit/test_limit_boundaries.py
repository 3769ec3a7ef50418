"""Limits checked on both sides of the boundary (each found by a mutation audit:
moving the limit by one left every other test green)."""
import pytest

from config import check_context, validate_config
from errors import ArgumentError, ConfigError
from fake_platform import FakePlatform
from profiles import runtime_profile

PROFILE = runtime_profile('pilot-status', '0.0.0')


def init_user(attributes):
    return validate_config({'token': 'tok-1', 'user': {'customAttributes': attributes}}, PROFILE, FakePlatform())


def test_custom_attribute_keys_up_to_100_characters():
    assert init_user({'k' * 100: 1})['user']['customAttributes'] == {'k' * 100: 1}
    with pytest.raises(ConfigError, match='1 to 100 characters'):
        init_user({'k' * 101: 1})
    assert check_context({'customAttributes': {'k' * 100: True}}) == {'customAttributes': {'k' * 100: True}}
    with pytest.raises(ArgumentError, match='1 to 100 characters'):
        check_context({'customAttributes': {'k' * 101: True}})


def test_custom_attribute_string_values_up_to_1000_characters():
    assert init_user({'plan': 'v' * 1000})['user']['customAttributes'] == {'plan': 'v' * 1000}
    with pytest.raises(ConfigError, match='1000'):
        init_user({'plan': 'v' * 1001})


def test_set_token_up_to_token_max_characters():
    from config import check_token_arg
    from limits import LIMITS
    longest = 'a' * LIMITS['tokenMax']
    assert check_token_arg(longest) == longest
    with pytest.raises(ArgumentError, match='at most ' + str(LIMITS['tokenMax'])) as info:
        check_token_arg(longest + 'a')
    assert 'aaaa' not in str(info.value)          # the token itself is never echoed
