"""Trimmed first, then measured (sdk_src/config.py): a value over its limit only
because of surrounding spaces is accepted (as its trimmed form), and one over the
limit after trimming is refused (init config, updateContext, setQuestions) or cut
(updateContact, which the spec caps). Each input gets both sides, so measuring
before trimming, or trimming after the cut, fails here."""
import pytest

from config import check_contact, check_context, check_questions_arg, validate_config
from errors import ArgumentError, ConfigError
from fake_platform import FakePlatform
from limits import LIMITS
from profiles import runtime_profile

FIELD_MAX = LIMITS['fieldMax']
QUESTION_MAX = LIMITS['questionMax']
PAD = ' ' * 20


@pytest.mark.parametrize('profile_id', ['pilot-status', 'masheev'])
@pytest.mark.parametrize('field', ['name', 'email', 'phone', 'userId', 'company'])
def test_init_user_fields(profile_id, field):
    profile = runtime_profile(profile_id, '0.0.0')
    base = {'token': 'tok-1'} if profile['requiresToken'] else {'inboxId': 'inbox-1'}
    fits = PAD + 'a' * FIELD_MAX + PAD            # over the limit before trimming, within after
    out = validate_config(dict(base, user={field: fits}), profile, FakePlatform())
    assert out['user'] == {field: 'a' * FIELD_MAX}
    with pytest.raises(ConfigError, match='at most ' + str(FIELD_MAX)):
        validate_config(dict(base, user={field: PAD + 'a' * (FIELD_MAX + 1) + PAD}), profile, FakePlatform())


@pytest.mark.parametrize('field', ['name', 'email', 'phone', 'userId', 'company'])
def test_update_context(field):
    assert check_context({field: PAD + 'b' * FIELD_MAX + PAD}) == {field: 'b' * FIELD_MAX}
    with pytest.raises(ArgumentError, match='at most ' + str(FIELD_MAX)):
        check_context({field: 'b' * (FIELD_MAX + 1) + PAD})


@pytest.mark.parametrize('field', ['name', 'email', 'phone', 'company', 'userId'])
def test_update_contact_caps_the_trimmed_value(field):
    # within after trimming: kept whole (a cut before trimming would lose the 'z's)
    whole = 'a' * (FIELD_MAX - 5) + 'zzzzz'
    assert check_contact({field: PAD + whole + PAD}) == {field: whole}
    # over after trimming: cut to the limit, counted from the first non-space character
    assert check_contact({field: PAD + 'c' * (FIELD_MAX + 1) + PAD}) == {field: 'c' * FIELD_MAX}


def test_questions():
    assert check_questions_arg([PAD + 'q' * QUESTION_MAX + PAD]) == ['q' * QUESTION_MAX]
    with pytest.raises(ArgumentError, match='at most ' + str(QUESTION_MAX)):
        check_questions_arg([PAD + 'q' * (QUESTION_MAX + 1)])
