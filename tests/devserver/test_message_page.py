"""A message's optional `page` and `context` (what the reference chat page sends
with it, devkit/api.py): checked, used for that message's reply only, never stored."""
from __future__ import annotations

import pytest

from sdk_src.limits import LIMITS

PAGE = {'url': 'https://shop.example/products/42', 'title': 'Product 42'}


def post(api, token, **body):
    return api.client.post('/api/widget/message', headers={'authorization': f'Bearer {token}'},
                           json=dict({'content': '/page'}, **body))


def test_the_page_reaches_the_reply_of_its_message_only(api):
    token = api.open_session()['sessionToken']
    assert post(api, token, page=PAGE, context={'company': 'Acme'}).json() == \
        {'content': 'You are on "Product 42" (https://shop.example/products/42).'}
    # Not kept: the next message without a page gets no page.
    assert post(api, token).json() == {'content': 'I do not know which page you are on.'}
    # Any other text is answered as before, page or not.
    assert api.client.post('/api/widget/message', headers={'authorization': f'Bearer {token}'},
                           json={'content': 'hi', 'page': PAGE}).json()['content'].startswith('You said: "hi".')
    history = api.client.get('/api/widget/messages?after=0', headers={'authorization': f'Bearer {token}'}).json()
    assert len(history['messages']) == 6
    assert not any('page' in m or 'context' in m for m in history['messages'])


@pytest.mark.parametrize('extra', [
    {'page': 'https://shop.example/'},
    {'page': {'url': 'javascript:alert(1)', 'title': ''}},
    {'page': {'url': 'https://shop.example/' + 'a' * LIMITS['pageUrlMax'], 'title': ''}},
    {'page': {'url': 'https://shop.example/', 'title': 'x' * (LIMITS['pageTitleMax'] + 1)}},
    {'page': {'url': 'https://shop.example/'}},
    {'context': ['not', 'an', 'object']},
])
def test_a_malformed_page_or_context_is_400(api, extra):
    token = api.open_session()['sessionToken']
    response = post(api, token, **extra)
    assert response.status_code == 400, response.text
    # The control: the same message with a well-formed page goes through.
    assert post(api, token, page=PAGE).status_code == 200
