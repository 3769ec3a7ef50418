"""Property tests of the allowedOrigins validator: it never raises, and what it accepts is an exact origin."""
from __future__ import annotations

from urllib.parse import urlsplit

from hypothesis import given, settings
from hypothesis import strategies as st

from devkit.origins import origin_problem

LABEL = st.from_regex(r'[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?', fullmatch=True)


@st.composite
def exact_origins(draw):
    scheme = draw(st.sampled_from(['http', 'https']))
    host = '.'.join(draw(st.lists(LABEL, min_size=1, max_size=4)))
    if host.split('.')[-1].isdigit():
        host += '.test'
    port = draw(st.one_of(st.none(), st.integers(1, 65535).filter(lambda p: p != {'http': 80, 'https': 443}[scheme])))
    return f'{scheme}://{host}' + ('' if port is None else f':{port}')


@settings(max_examples=100, deadline=None)
@given(exact_origins())
def test_exact_origins_are_accepted(origin):
    assert origin_problem(origin) is None


@settings(max_examples=100, deadline=None)
@given(exact_origins(), st.sampled_from(['/', '/x', '?', '#', ':', '.', ' ', '/.', '@x']))
def test_anything_after_the_origin_is_refused(origin, suffix):
    assert origin_problem(origin + suffix) is not None


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=60), st.text(alphabet='htps:/[]@.:*?#%\\ 0123456789aAxX-', max_size=40)))
def test_validator_never_raises_and_accepts_only_exact_origins(value):
    problem = origin_problem(value)
    assert problem is None or isinstance(problem, str)
    if problem is None:
        parts = urlsplit(value)
        assert parts.scheme in ('http', 'https')
        assert (parts.path, parts.query, parts.fragment, parts.username) == ('', '', '', None)
        assert f'{parts.scheme}://{parts.netloc}' == value
        assert value == value.lower()
