"""The sign-in page lets its forms reach the configured identity providers (CSP form-action)."""

import pytest


@pytest.mark.django_db
def test_login_page_allows_the_identity_providers_in_form_action(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": "company",
                    "name": "Acme",
                    "client_id": "srm",
                    "secret": "s",
                    "settings": {"server_url": "https://login.acme.example/realms/main"},
                }
            ]
        }
    }
    settings.SSO_FORM_ACTION_ORIGINS = ["https://adfs.acme.example"]
    policy = client.get("/login/").headers["Content-Security-Policy"]
    form_action = next(p for p in policy.split(";") if p.strip().startswith("form-action"))
    assert "'self'" in form_action
    assert "https://login.acme.example" in form_action
    assert "https://adfs.acme.example" in form_action


@pytest.mark.django_db
def test_without_single_sign_on_forms_post_only_to_the_site(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {}
    policy = client.get("/login/").headers["Content-Security-Policy"]
    form_action = next(p for p in policy.split(";") if p.strip().startswith("form-action"))
    assert form_action.split() == ["form-action", "'self'"]
