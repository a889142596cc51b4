/**
 * The Content-Security-Policies of the portal's site, in one place for the two servers
 * that send them: the local server (tools/local) and CloudFront (infra/portal-stack.ts).
 * Here, beside the portal, so the deployment reads them without importing local tooling.
 */

/**
 * The portal's strict CSP (no inline script or style, nothing from another origin, no
 * framing), sent with the same hardening headers as the API's JSON (lib/http/responses.ts).
 */
export const portalContentSecurityPolicy = "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'";

/**
 * The API reference page's CSP (its meta tag: tools/openapi/reference-site.ts). Swagger UI
 * needs no inline script and no eval; `connect-src 'self'` lets "Try it out" call the API
 * on the same origin only.
 */
export const referenceContentSecurityPolicy =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'";

/** The header the page is served with (locally and by CloudFront): the policy, and no framing (a meta tag cannot say that). */
export const referencePageHeaderPolicy = `${referenceContentSecurityPolicy}; frame-ancestors 'none'`;
