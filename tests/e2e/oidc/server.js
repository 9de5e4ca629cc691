// A real OpenID Connect provider for the sign-in tests, on loopback.
// Configured from the environment by the pytest fixture that starts it:
//   OIDC_PORT, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URI,
//   OIDC_USERS_FILE: a JSON file {"login": {"email": "...", "name": "...", "groups": ["..."]}},
//   read at every sign-in, so a test can move a user between groups.
// Its development sign-in page accepts any password for a known login.
import { readFileSync } from "node:fs";

import Provider from "oidc-provider";

const port = Number(process.env.OIDC_PORT);
const users = () => JSON.parse(readFileSync(process.env.OIDC_USERS_FILE, "utf8"));
const issuer = `http://127.0.0.1:${port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: process.env.OIDC_CLIENT_ID,
      client_secret: process.env.OIDC_CLIENT_SECRET,
      redirect_uris: [process.env.OIDC_REDIRECT_URI],
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
    },
  ],
  claims: {
    openid: ["sub"],
    email: ["email", "email_verified"],
    profile: ["name", "given_name", "family_name", "preferred_username"],
    groups: ["groups"],
  },
  scopes: ["openid", "email", "profile", "groups"],
  async findAccount(ctx, id) {
    const user = users()[id];
    if (!user) return undefined;
    return {
      accountId: id,
      async claims() {
        return {
          sub: id,
          email: user.email,
          email_verified: true,
          name: user.name,
          given_name: user.given_name,
          family_name: user.family_name,
          preferred_username: id,
          groups: user.groups || [],
        };
      },
    };
  },
  features: { devInteractions: { enabled: true } },
  // Consent is granted by the directory for this internal application.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope("openid email profile groups");
    await grant.save();
    return grant;
  },
});

provider.listen(port, "127.0.0.1", () => {
  console.log(`oidc-provider listening on ${issuer}`);
});
