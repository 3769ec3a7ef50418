"""Remote pairing (Connect surface): create, status, complete, expiry."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from .conftest import API_KEY


def create(client, number='num_1', key=API_KEY):
    return client.post('/v1/numbers/remote-pairing', headers={'x-api-key': key}, json={'whatsappNumberId': number})


def status(client, token):
    return client.get(f'/v1/numbers/remote-pairing/{token}')


def complete(client, token):
    return client.post(f'/v1/numbers/remote-pairing/{token}/complete')


def test_pairing_lifecycle(client):
    response = create(client)
    assert response.status_code == 201
    data = response.json()
    assert set(data) == {'pairingToken', 'pairingUrl', 'expiresAt'}
    token = data['pairingToken']
    assert len(token) >= 32
    assert data['pairingUrl'] == f'http://127.0.0.1:8001/connect?pairingToken={token}'
    url = urlsplit(data['pairingUrl'])
    assert parse_qs(url.query) == {'pairingToken': [token]}
    assert data['expiresAt'] == '2027-01-15T08:10:00Z'  # 10 min default TTL

    assert status(client, token).json() == {'status': 'pending', 'whatsappNumberId': 'num_1',
                                            'expiresAt': data['expiresAt']}
    response = complete(client, token)
    assert response.status_code == 200
    assert response.json() == {'status': 'paired', 'whatsappNumberId': 'num_1'}
    assert status(client, token).json()['status'] == 'paired'
    # Completing again is harmless.
    assert complete(client, token).json()['status'] == 'paired'


def test_each_pairing_has_its_own_token(client):
    assert create(client).json()['pairingToken'] != create(client).json()['pairingToken']


def test_expired_pairing(client, clock):
    token = create(client).json()['pairingToken']
    clock.advance(600)
    response = status(client, token)
    assert response.status_code == 200
    assert response.json()['status'] == 'expired'
    response = complete(client, token)
    assert response.status_code == 410
    assert response.json() == {'error': 'Pairing token expired', 'status': 'expired'}


def test_paired_stays_paired_after_the_deadline(client, clock):
    token = create(client).json()['pairingToken']
    complete(client, token)
    clock.advance(3600)
    assert status(client, token).json()['status'] == 'paired'


def test_unknown_pairing_token(client):
    for response in (status(client, 'nope'), complete(client, 'nope')):
        assert response.status_code == 404
        assert response.json() == {'error': 'Unknown pairing token'}


@pytest.mark.parametrize('payload', [{}, {'whatsappNumberId': ''}, {'whatsappNumberId': 5}])
def test_pairing_needs_a_number(client, payload):
    response = client.post('/v1/numbers/remote-pairing', headers={'x-api-key': API_KEY}, json=payload)
    assert response.status_code == 400
    assert response.json() == {'error': 'whatsappNumberId must be a non-empty id string'}


def test_pairing_refuses_numbers_of_other_tenants(api):
    api.store.add_tenant('tenant_other', 'ps_other_key')
    api.store.add_number('tenant_other', 'num_x', '+5511999990009', 'Other')
    response = create(api.client, 'num_x')
    assert response.status_code == 403
    assert response.json() == {'error': 'whatsappNumberId "num_x" is not a number of this tenant'}
    assert create(api.client, 'num_x', key='ps_other_key').status_code == 201
