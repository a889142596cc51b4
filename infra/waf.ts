import { CfnWebACL, CfnWebACLAssociation } from 'aws-cdk-lib/aws-wafv2';
import type { Stage } from 'aws-cdk-lib/aws-apigateway';
import { Construct } from 'constructs';
import { configDefault } from '../lib/config.js';
import type { ErrorStyle } from '../lib/http/error-catalog.js';
import { errorBody } from '../lib/http/responses.js';
import type { StageConfig } from './stage-config.js';

/**
 * The API's web application firewall (AWS WAF, regional, on the API stage), in front of
 * every function. docs/security.md ("Abuse") explains each rule. In order:
 *
 * 1. AWS IP reputation list: known malicious addresses are blocked (403).
 * 2. Body size: a body over MAX_BODY_BYTES (the handler's own limit) is blocked at the
 *    edge with the contract's 413, so no function runs for it.
 * 3. Credential endpoints (/auth/login, /auth/add-user) per client: rate-based, 429.
 * 4. Every request per client: rate-based, 429, counted separately for /auth and the rest
 *    (each bucket answers in its own contract body).
 *    "Per client" (issue 21): a request through the portal's CloudFront (its X-Origin-Verify
 *    equals the origin secret) is counted by its viewer's IP (the x-signet-viewer-ip header
 *    the distribution sets, WAF's forwarded-IP config); any other request by its own address.
 * 5. AWS known bad inputs (Log4Shell, Java deserialization, bad Host headers...).
 * 6. AWS common rule set (OWASP-style), except on the credential endpoints — passwords
 *    are arbitrary text and must not be judged as XSS/LFI payloads — and with its 8 KB
 *    body rule counted only (rule 2 is the body limit).
 *
 * Blocks by rules 2–4 carry the contract's JSON bodies (WAF custom responses take
 * precedence over API Gateway's); managed-rule blocks get API Gateway's WAF_FILTERED
 * gateway response (403 forbidden, /api body). Sampled requests are off: they would
 * show the Authorization and session-key headers in the console.
 */
export interface ApiFirewallProps {
  config: StageConfig;
  stage: Stage;
  /** Path prefixes before /auth in the request URI: the stage name, and a custom domain's base path. */
  pathPrefixes: string[];
  /**
   * The CloudFront origin secret (X-Origin-Verify; a CloudFormation dynamic reference): a request
   * that carries it came through the portal's distribution, and its rate rules count the viewer
   * (viewerIpHeaderName) instead of the edge address.
   */
  originSecret: string;
}

/**
 * The viewer's IP, set by the portal distribution's viewer-request function on every API
 * request (a client-sent value is overwritten; infra/portal-stack.ts). CloudFront-Viewer-Address
 * carries `ip:port`, and the port differs per connection, so WAF aggregates on this header.
 */
export const viewerIpHeaderName = 'x-signet-viewer-ip';

/** Rate-based rules count over this window (seconds): WAF's default, the alarm period. */
export const rateWindowSeconds = 300;

/** The handler's MAX_BODY_BYTES default: the edge and the function refuse the same bodies. */
export const maxBodyBytes = Number(configDefault('MAX_BODY_BYTES'));

const inspectionLimits = [16, 32, 48, 64];

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `^(/dev|/v1)?/auth(/|$)`: the /auth routes behind any of the prefixes. */
export function authPathRegex(prefixes: string[]): string {
  const alternatives = prefixes.filter(Boolean).map((prefix) => escapeRegex(`/${prefix.replace(/^\/+|\/+$/g, '')}`));
  return `^(${alternatives.join('|')})?/auth(/|$)`;
}

export function credentialPathRegex(prefixes: string[]): string {
  return authPathRegex(prefixes).replace('/auth(/|$)', '/auth/(login|add-user)$');
}

type Statement = CfnWebACL.StatementProperty;

const uriMatches = (regex: string): Statement => ({
  regexMatchStatement: { fieldToMatch: { uriPath: {} }, regexString: regex, textTransformations: [{ priority: 0, type: 'NONE' }] },
});
const not = (statement: Statement): Statement => ({ notStatement: { statement } });
const and = (...statements: Statement[]): Statement => ({ andStatement: { statements } });

/** The custom response body keys, one per (error, contract style). */
export const responseBodyKey = (kind: 'rateLimited' | 'payloadTooLarge', style: ErrorStyle) => `${kind}-${style}`;

const firewallMessages = {
  rateLimited: 'Too many requests from this address; try again later',
  payloadTooLarge: `The request body exceeds ${maxBodyBytes} bytes`,
} as const;

/** The contract's JSON bodies for WAF blocks (custom responses), shared by the regional and the edge web ACL. */
export function firewallResponses(): {
  block: (kind: 'rateLimited' | 'payloadTooLarge', style: ErrorStyle) => CfnWebACL.RuleActionProperty;
  customResponseBodies: Record<string, CfnWebACL.CustomResponseBodyProperty>;
} {
  const block = (kind: 'rateLimited' | 'payloadTooLarge', style: ErrorStyle): CfnWebACL.RuleActionProperty => ({
    block: {
      customResponse: {
        responseCode: kind === 'rateLimited' ? 429 : 413,
        customResponseBodyKey: responseBodyKey(kind, style),
        responseHeaders: [
          { name: 'Cache-Control', value: 'no-store' },
          ...(kind === 'rateLimited' ? [{ name: 'Retry-After', value: String(rateWindowSeconds / 5) }] : []),
        ],
      },
    },
  });
  const customResponseBodies: Record<string, CfnWebACL.CustomResponseBodyProperty> = {};
  for (const kind of ['rateLimited', 'payloadTooLarge'] as const) {
    for (const style of ['auth', 'api'] as const) {
      customResponseBodies[responseBodyKey(kind, style)] = {
        contentType: 'APPLICATION_JSON',
        content: JSON.stringify(errorBody(style, kind, firewallMessages[kind])),
      };
    }
  }
  return { block, customResponseBodies };
}

/** A rate-based statement counting per client IP (the socket address WAF sees) over the window. */
export const perIp = (limit: number, scopeDown: Statement): Statement => ({
  rateBasedStatement: { limit, aggregateKeyType: 'IP', evaluationWindowSec: rateWindowSeconds, scopeDownStatement: scopeDown },
});

export { and, not, uriMatches };

export class ApiFirewall extends Construct {
  readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string, props: ApiFirewallProps) {
    super(scope, id);
    const { config, stage } = props;
    const limits = config.firewall;
    const metricPrefix = `signet-${config.stage}`;
    const visibility = (name: string): CfnWebACL.VisibilityConfigProperty => ({
      metricName: `${metricPrefix}-${name}`,
      cloudWatchMetricsEnabled: true,
      sampledRequestsEnabled: false,
    });
    const authPaths = uriMatches(authPathRegex(props.pathPrefixes));
    const credentialPaths = uriMatches(credentialPathRegex(props.pathPrefixes));

    const { block, customResponseBodies } = firewallResponses();

    const bodyLargerThanLimit: Statement = {
      sizeConstraintStatement: {
        fieldToMatch: { body: { oversizeHandling: 'MATCH' } },
        comparisonOperator: 'GT',
        size: maxBodyBytes,
        textTransformations: [{ priority: 0, type: 'NONE' }],
      },
    };
    // Through CloudFront (the origin secret matches) the viewer is counted, not the edge;
    // any other request (the execute-api URL, a forged header) by its own address.
    const verified: Statement = {
      byteMatchStatement: {
        fieldToMatch: { singleHeader: { Name: 'x-origin-verify' } },
        positionalConstraint: 'EXACTLY',
        searchString: props.originSecret,
        textTransformations: [{ priority: 0, type: 'NONE' }],
      },
    };
    const perViewer = (limit: number, scopeDown: Statement): Statement => ({
      rateBasedStatement: {
        limit,
        aggregateKeyType: 'FORWARDED_IP',
        // No viewer IP on a verified request cannot happen through the distribution; the edge web ACL counts it anyway.
        forwardedIpConfig: { headerName: viewerIpHeaderName, fallbackBehavior: 'NO_MATCH' },
        evaluationWindowSec: rateWindowSeconds,
        scopeDownStatement: and(scopeDown, verified),
      },
    });
    const unverified = (scopeDown: Statement): Statement => and(scopeDown, not(verified));
    const managed = (name: string, options: Partial<CfnWebACL.ManagedRuleGroupStatementProperty> = {}): Statement => ({
      managedRuleGroupStatement: { vendorName: 'AWS', name, ...options },
    });

    const rules: Array<Omit<CfnWebACL.RuleProperty, 'priority' | 'visibilityConfig'>> = [
      { name: 'AwsIpReputation', statement: managed('AWSManagedRulesAmazonIpReputationList'), overrideAction: { none: {} } },
      { name: 'BodySizeAuth', statement: and(authPaths, bodyLargerThanLimit), action: block('payloadTooLarge', 'auth') },
      { name: 'BodySizeApi', statement: and(not(authPaths), bodyLargerThanLimit), action: block('payloadTooLarge', 'api') },
      { name: 'RateLimitCredentialsPerViewer', statement: perViewer(limits.credentialRequestsPerIp, credentialPaths), action: block('rateLimited', 'auth') },
      { name: 'RateLimitCredentialsPerIp', statement: perIp(limits.credentialRequestsPerIp, unverified(credentialPaths)), action: block('rateLimited', 'auth') },
      { name: 'RateLimitAuthPerViewer', statement: perViewer(limits.requestsPerIp, authPaths), action: block('rateLimited', 'auth') },
      { name: 'RateLimitAuthPerIp', statement: perIp(limits.requestsPerIp, unverified(authPaths)), action: block('rateLimited', 'auth') },
      { name: 'RateLimitApiPerViewer', statement: perViewer(limits.requestsPerIp, not(authPaths)), action: block('rateLimited', 'api') },
      { name: 'RateLimitApiPerIp', statement: perIp(limits.requestsPerIp, unverified(not(authPaths))), action: block('rateLimited', 'api') },
      { name: 'AwsKnownBadInputs', statement: managed('AWSManagedRulesKnownBadInputsRuleSet'), overrideAction: { none: {} } },
      {
        name: 'AwsCommonRuleSet',
        statement: managed('AWSManagedRulesCommonRuleSet', {
          scopeDownStatement: not(credentialPaths),
          ruleActionOverrides: [{ name: 'SizeRestrictions_BODY', actionToUse: { count: {} } }],
        }),
        overrideAction: { none: {} },
      },
    ];

    const inspectionLimitKb = inspectionLimits.find((kb) => kb * 1024 >= maxBodyBytes) ?? 64;
    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      name: `${metricPrefix}-api`,
      description: 'Signet API: IP reputation, body size, per-IP rate limits, AWS managed rule groups',
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('api'),
      customResponseBodies,
      // The body size rule must see up to MAX_BODY_BYTES; WAF bills inspection beyond 16 KB only for such bodies.
      associationConfig: { requestBody: { API_GATEWAY: { defaultSizeInspectionLimit: `KB_${inspectionLimitKb}` } } },
      rules: rules.map((rule, priority) => ({ ...rule, priority, visibilityConfig: visibility(rule.name) })),
    });

    new CfnWebACLAssociation(this, 'StageAssociation', { resourceArn: stage.stageArn, webAclArn: this.webAcl.attrArn });
  }
}
