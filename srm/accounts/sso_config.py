"""SAML settings from the environment, for srm/settings (no Django imports here: the
settings module loads it before Django is set up)."""

SAML_ATTRIBUTES = {
    # Names used by Entra ID, Okta, Keycloak and ADFS for the same things.
    "uid": [
        "urn:oasis:names:tc:SAML:attribute:subject-id",
        "urn:oid:0.9.2342.19200300.100.1.1",
        "uid",
    ],
    "email": [
        "urn:oid:0.9.2342.19200300.100.1.3",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
        "email",
        "mail",
    ],
    "username": ["urn:oid:0.9.2342.19200300.100.1.1", "uid", "username"],
    "first_name": [
        "urn:oid:2.5.4.42",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname",
        "givenName",
    ],
    "last_name": [
        "urn:oid:2.5.4.4",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname",
        "sn",
    ],
}


def saml_app(
    *,
    name: str,
    metadata_url: str = "",
    metadata_file: str = "",
    idp_entity_id: str = "",
    sp_entity_id: str = "",
) -> dict | None:
    """allauth's SAML app: the identity provider from its metadata (a URL, fetched and
    cached by allauth, or a file read here); assertions must be signed."""
    if metadata_url:
        idp = {"entity_id": idp_entity_id, "metadata_url": metadata_url}
    elif metadata_file:
        from onelogin.saml2.idp_metadata_parser import OneLogin_Saml2_IdPMetadataParser

        with open(metadata_file, encoding="utf-8") as handle:
            parsed = OneLogin_Saml2_IdPMetadataParser.parse(
                handle.read(), entity_id=idp_entity_id or None
            )["idp"]
        idp = {
            "entity_id": parsed["entityId"],
            "sso_url": parsed["singleSignOnService"]["url"],
            "x509cert": parsed.get("x509cert")
            or parsed.get("x509certMulti", {}).get("signing", [""])[0],
        }
    else:
        return None
    return {
        "client_id": "company",
        "name": name,
        "settings": {
            "idp": idp,
            "sp": {"entity_id": sp_entity_id} if sp_entity_id else {},
            "attribute_mapping": SAML_ATTRIBUTES,
            "advanced": {
                "strict": True,
                "want_assertion_signed": True,
                "reject_deprecated_algorithm": True,
            },
        },
    }
