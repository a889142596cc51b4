import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { buildSignet } from '../infra/signet.js';
import { templateApp } from './support/cdk-app.js';
import { functionNeeds, pepperKeys, undeclaredKeys } from '../infra/function-environment.js';
import { parsePublicBaseUrl, stageConfig } from '../infra/stage-config.js';
import { authPathRegex, credentialPathRegex, maxBodyBytes, rateWindowSeconds, responseBodyKey, viewerIpHeaderName } from '../infra/waf.js';
import { configDefault, configKeys } from '../lib/config.js';
import { errorBody } from '../lib/http/responses.js';
import { functionNames, isIdempotentRoute, routes } from '../lib/routes.js';
import { markClientSecretUsed } from '../lib/applications/client-secrets.js';
import { db } from '../lib/db/client.js';
import { readActions, secretUseGrant, writeActions } from '../infra/table-access.js';

/** Synthesizes without bundling (the bundles are checked by `npm run synth` and the sam-local test). */
function synth(stage: 'dev' | 'prod', context: Record<string, string> = {}) {
  const app = templateApp({ stage, ...context });
  const { data, api } = buildSignet(app);
  return { data: Template.fromStack(data), api: Template.fromStack(api), stacks: { data, api } };
}

const { data, api, stacks } = synth('dev');
const prod = synth('prod');

describe('data stack', () => {
  it('has one on-demand, encrypted table with PITR, TTL and the GSIs', () => {
    data.resourceCountIs('AWS::DynamoDB::Table', 1);
    data.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
      TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
      GlobalSecondaryIndexes: [Match.objectLike({ IndexName: 'gsi1' })],
    });
  });

  it('retains and protects the production table, not the dev one', () => {
    prod.data.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain', Properties: Match.objectLike({ DeletionProtectionEnabled: true }) });
    data.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Delete' });
  });
});

describe('api stack', () => {

  it('has one Node 22 arm64 function per route plus the fallback', () => {
    api.resourcePropertiesCountIs('AWS::Lambda::Function', { Runtime: 'nodejs22.x', Architectures: ['arm64'] }, functionNames.length);
    expect(stacks.api.functions.size).toBe(functionNames.length);
  });

  it('wires every route of the route table to its own function', () => {
    for (const route of routes) {
      const fn = stacks.api.functions.get(route.function);
      expect(fn).toBeDefined();
      api.hasResourceProperties('AWS::ApiGateway::Method', {
        HttpMethod: route.method,
        Integration: Match.objectLike({
          Uri: Match.objectLike({ 'Fn::Join': Match.arrayWith([Match.arrayWith([Match.objectLike({ 'Fn::GetAtt': [stacks.api.getLogicalId(fn!.node.defaultChild as never), 'Arn'] })])]) }),
        }),
      });
    }
  });

  interface Statement {
    Sid?: string;
    Action: string | string[];
    Resource: unknown;
    Condition?: Record<string, unknown>;
  }
  const dynamoStatementsOf = (template: Template, stack: typeof stacks.api, name: string): Statement[] => {
    const role = stack.getLogicalId(stack.functions.get(name)!.role!.node.defaultChild as never);
    const policy = Object.values(template.findResources('AWS::IAM::Policy')).find((candidate) => JSON.stringify(candidate.Properties.Roles).includes(role));
    const statements: Statement[] = policy?.Properties.PolicyDocument.Statement ?? [];
    return statements.filter((statement) => [statement.Action].flat().some((action) => action.startsWith('dynamodb:')));
  };
  const actionsOf = (statements: Statement[]) => [...new Set(statements.flatMap((statement) => [statement.Action].flat()))].sort();

  it('gives functions only the table operations their route needs: no Scan, streams or wildcard index', () => {
    for (const name of functionNames) {
      const route = routes.find((candidate) => candidate.function === name);
      const statements = dynamoStatementsOf(api, stacks.api, name);
      const access = route?.table ?? 'none';
      expect(JSON.stringify(statements)).not.toContain('index/*');
      if (access === 'none') expect(statements).toEqual([]);
      if (access === 'read') {
        const unconditioned = statements.filter((statement) => !statement.Condition);
        expect([name, actionsOf(unconditioned)]).toEqual([name, [...readActions].sort()]);
      }
      if (access === 'readWrite') expect([name, actionsOf(statements)]).toEqual([name, [...readActions, ...writeActions].sort()]);
    }
  });

  it('declares the stage\'s SES identity and grants ses:SendEmail from it only to the functions that mail', () => {
    api.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'signet-dev.example.com' });
    for (const name of functionNames) {
      const role = stacks.api.getLogicalId(stacks.api.functions.get(name)!.role!.node.defaultChild as never);
      const policy = Object.values(api.findResources('AWS::IAM::Policy')).find((candidate) => JSON.stringify(candidate.Properties.Roles).includes(role));
      const statements: Statement[] = policy?.Properties.PolicyDocument.Statement ?? [];
      const ses = statements.filter((statement) => [statement.Action].flat().some((action) => action.startsWith('ses:')));
      const mails = routes.some((route) => route.function === name && route.mail);
      expect([name, ses.map((statement) => statement.Action)]).toEqual([name, mails ? ['ses:SendEmail'] : []]);
    }
    expect(routes.filter((route) => route.mail).map((route) => route.function)).toContain('auth-request-password-reset');
    const fn = stacks.api.getLogicalId(stacks.api.functions.get('auth-request-password-reset')!.node.defaultChild as never);
    const variables = api.findResources('AWS::Lambda::Function')[fn]?.Properties.Environment.Variables;
    expect(variables.MAIL_FROM).toBe('no-reply@signet-dev.example.com');
    expect(variables.SES_ENDPOINT).toBe('');
    const custom = synth('dev', { mailDomain: 'mail.example.org', portalUrl: 'https://portal.example.org' });
    custom.api.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'mail.example.org' });
    expect(() => stageConfig({ mailDomain: 'not a domain' })).toThrow(/mailDomain/);
  });

  it('lets the read-only Basic-auth routes update nothing but lastUsedAt in application partitions and their failure counters', () => {
    const recorders = routes.filter((route) => route.recordsSecretUse).map((route) => route.function);
    expect(recorders.sort()).toEqual(['app-get-user-status', 'app-list-events', 'app-list-users']);
    const counters = [...new Set(routes.filter((route) => route.countsFailures).map((route) => route.function))];
    expect(counters).toEqual(['auth-get-login-status']);
    const failureCounters = expect.objectContaining({
      Sid: 'CountFailures',
      Action: 'dynamodb:UpdateItem',
      Condition: {
        'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['THROTTLE#*'] },
        'ForAllValues:StringEquals': { 'dynamodb:Attributes': ['pk', 'sk', 'type', 'failures', 'windowEndsAt', 'ttl'] },
      },
    });
    for (const name of functionNames) {
      const conditioned = dynamoStatementsOf(api, stacks.api, name).filter((statement) => statement.Condition);
      if (counters.includes(name)) {
        // get-login-status counts failed checks by username per source IP (issue 21), nothing else
        expect(conditioned).toEqual([failureCounters]);
        continue;
      }
      if (!recorders.includes(name)) {
        // A read-only route that takes an Idempotency-Key writes its idempotency records, nothing else.
        const keyed = routes.some((route) => route.function === name && route.table === 'read' && isIdempotentRoute(route));
        expect(conditioned).toEqual(
          keyed
            ? [expect.objectContaining({ Sid: 'IdempotencyRecords', Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['IDEMPOTENCY#*'] } } })]
            : [],
        );
        continue;
      }
      expect(conditioned).toEqual([
        expect.objectContaining({
          Sid: 'RecordClientSecretUse',
          Action: 'dynamodb:UpdateItem',
          Condition: {
            'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['APP#*'] },
            'ForAllValues:StringEquals': { 'dynamodb:Attributes': ['pk', 'sk', 'lastUsedAt'] },
            StringEqualsIfExists: { 'dynamodb:ReturnValues': ['NONE'] },
          },
        }),
        failureCounters,
      ]);
    }
  });

  it('keeps the secret-use grant sufficient: markClientSecretUsed touches only what it allows', async () => {
    const sent: Array<{ command: string; input: Record<string, unknown> }> = [];
    const capture = 'infraTestCapture';
    db.middlewareStack.add(
      ((next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: { input: Record<string, unknown> }) => {
        sent.push({ command: String(context.commandName), input: args.input });
        return next(args);
      }) as never,
      { step: 'initialize', name: capture },
    );
    try {
      await markClientSecretUsed('app_00000000000000000000', 'sec_0000000000000000');
    } finally {
      db.middlewareStack.remove(capture);
    }
    expect(sent.map((call) => call.command)).toEqual(['UpdateItemCommand']);
    const input = sent[0]!.input as { Key: Record<string, string | { S: string }>; UpdateExpression: string; ConditionExpression: string; ReturnValues?: string };
    const pk = input.Key.pk;
    expect(typeof pk === 'string' ? pk : pk?.S).toMatch(new RegExp(`^${secretUseGrant.partitionPattern.replace('*', '')}`));
    expect(input.ReturnValues ?? 'NONE').toBe('NONE');
    const expressions = `${input.UpdateExpression} ${input.ConditionExpression}`.replace(/:\w+/g, ' ');
    const named = expressions.match(/\b[a-zA-Z_]\w*\b/g) ?? [];
    const attributes = named.filter((word) => !['SET', 'AND', 'OR', 'NOT', 'attribute_exists', 'attribute_not_exists'].includes(word));
    for (const attribute of attributes) expect(secretUseGrant.attributes).toContain(attribute);
  });

  it('sets TABLE_NAME only where the route touches the table', () => {
    for (const name of functionNames) {
      const access = routes.find((candidate) => candidate.function === name)?.table ?? 'none';
      const fn = stacks.api.functions.get(name)!;
      const props = api.findResources('AWS::Lambda::Function')[stacks.api.getLogicalId(fn.node.defaultChild as never)]!.Properties;
      expect(Boolean(props.Environment.Variables.TABLE_NAME)).toBe(access !== 'none');
    }
  });

  it('answers unknown paths through a greedy fallback and throttles the stage', () => {
    api.hasResourceProperties('AWS::ApiGateway::Resource', { PathPart: '{proxy+}' });
    api.hasResourceProperties('AWS::ApiGateway::Stage', {
      MethodSettings: Match.arrayWith([Match.objectLike({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 })]),
      TracingEnabled: true,
    });
    api.hasResourceProperties('AWS::ApiGateway::GatewayResponse', { ResponseType: 'DEFAULT_4XX' });
  });
});

describe('abuse protection', () => {
  const webAcl = (template: Template) => Object.values(template.findResources('AWS::WAFv2::WebACL'))[0]!.Properties;
  const rule = (template: Template, name: string) => webAcl(template).Rules.find((candidate: { Name: string }) => candidate.Name === name);

  it('puts a regional WAF web ACL in front of the API stage', () => {
    api.resourceCountIs('AWS::WAFv2::WebACL', 1);
    const association = Object.values(api.findResources('AWS::WAFv2::WebACLAssociation'))[0]!.Properties;
    const stageId = Object.keys(api.findResources('AWS::ApiGateway::Stage'))[0]!;
    expect(JSON.stringify(association.ResourceArn)).toContain(stageId);
    expect(webAcl(api)).toMatchObject({ Scope: 'REGIONAL', DefaultAction: { Allow: {} } });
    // Sampled requests would show Authorization and session-key headers in the console.
    for (const candidate of webAcl(api).Rules) expect(candidate.VisibilityConfig.SampledRequestsEnabled).toBe(false);
  });

  it('rate-limits per IP: the credential endpoints, and all requests, with stage limits and contract bodies', () => {
    for (const [template, config] of [[api, stageConfig({ stage: 'dev' })], [prod.api, stageConfig({ stage: 'prod' })]] as const) {
      const credentials = rule(template, 'RateLimitCredentialsPerIp');
      expect(credentials.Statement.RateBasedStatement).toMatchObject({
        Limit: config.firewall.credentialRequestsPerIp,
        AggregateKeyType: 'IP',
        EvaluationWindowSec: rateWindowSeconds,
        // requests that did not come through the portal's CloudFront (no matching X-Origin-Verify): by their own address
        ScopeDownStatement: {
          AndStatement: {
            Statements: [
              { RegexMatchStatement: { RegexString: credentialPathRegex([config.stage]), FieldToMatch: { UriPath: {} } } },
              { NotStatement: { Statement: { ByteMatchStatement: expect.objectContaining({ FieldToMatch: { SingleHeader: { Name: 'x-origin-verify' } } }) } } },
            ],
          },
        },
      });
      expect(credentials.Action.Block.CustomResponse).toMatchObject({ ResponseCode: 429, CustomResponseBodyKey: 'rateLimited-auth' });
      for (const name of ['RateLimitAuthPerIp', 'RateLimitApiPerIp']) {
        expect(rule(template, name).Statement.RateBasedStatement).toMatchObject({ Limit: config.firewall.requestsPerIp, AggregateKeyType: 'IP' });
      }
      expect(rule(template, 'RateLimitApiPerIp').Action.Block.CustomResponse.CustomResponseBodyKey).toBe('rateLimited-api');
    }
    expect(stageConfig({ stage: 'prod' }).firewall.credentialRequestsPerIp).toBe(1000);
  });

  it('counts a request through CloudFront (X-Origin-Verify equals the origin secret) by its viewer IP, not the edge (issue 21)', () => {
    const config = stageConfig({ stage: 'dev' });
    const limits: Record<string, [number, string]> = {
      RateLimitCredentialsPerViewer: [config.firewall.credentialRequestsPerIp, 'rateLimited-auth'],
      RateLimitAuthPerViewer: [config.firewall.requestsPerIp, 'rateLimited-auth'],
      RateLimitApiPerViewer: [config.firewall.requestsPerIp, 'rateLimited-api'],
    };
    for (const [name, [limit, body]] of Object.entries(limits)) {
      const statement = rule(api, name).Statement.RateBasedStatement;
      expect(statement).toMatchObject({ Limit: limit, AggregateKeyType: 'FORWARDED_IP', ForwardedIPConfig: { HeaderName: viewerIpHeaderName, FallbackBehavior: 'NO_MATCH' } });
      const verified = statement.ScopeDownStatement.AndStatement.Statements[1].ByteMatchStatement;
      expect(verified).toMatchObject({ FieldToMatch: { SingleHeader: { Name: 'x-origin-verify' } }, PositionalConstraint: 'EXACTLY' });
      // the origin secret, resolved by CloudFormation from Secrets Manager at deploy time
      expect(JSON.stringify(verified.SearchString)).toContain('resolve:secretsmanager');
      expect(JSON.stringify(verified.SearchString)).toContain('CloudFrontOriginSecret');
      expect(rule(api, name).Action.Block.CustomResponse.CustomResponseBodyKey).toBe(body);
    }
  });

  it('answers firewall blocks with the bodies the functions send for the same error', () => {
    const bodies = webAcl(api).CustomResponseBodies;
    for (const kind of ['rateLimited', 'payloadTooLarge'] as const) {
      for (const style of ['auth', 'api'] as const) {
        const body = JSON.parse(bodies[responseBodyKey(kind, style)].Content);
        expect(body).toEqual(errorBody(style, kind, body.error?.description ?? body.message));
        expect(bodies[responseBodyKey(kind, style)].ContentType).toBe('APPLICATION_JSON');
      }
    }
    expect(JSON.parse(bodies['rateLimited-auth'].Content)).toMatchObject({ result: { code: 2, status: 'error' }, error: { name: 'rate_limited' } });
    expect(JSON.parse(bodies['payloadTooLarge-api'].Content)).toMatchObject({ ok: false, error: 'payload_too_large' });
  });

  it('refuses bodies over MAX_BODY_BYTES at the edge too, inspecting that much of the body', () => {
    expect(maxBodyBytes).toBe(Number(configDefault('MAX_BODY_BYTES')));
    for (const name of ['BodySizeAuth', 'BodySizeApi']) {
      const size = rule(api, name).Statement.AndStatement.Statements.find((statement: Record<string, unknown>) => statement.SizeConstraintStatement);
      expect(size.SizeConstraintStatement).toMatchObject({ ComparisonOperator: 'GT', Size: maxBodyBytes, FieldToMatch: { Body: { OversizeHandling: 'MATCH' } } });
      expect(rule(api, name).Action.Block.CustomResponse.ResponseCode).toBe(413);
    }
    expect(webAcl(api).AssociationConfig.RequestBody.API_GATEWAY.DefaultSizeInspectionLimit).toBe('KB_32');
  });

  it('uses AWS managed rule groups, sparing the credential endpoints the OWASP body rules', () => {
    const managed = webAcl(api)
      .Rules.filter((candidate: { Statement: Record<string, unknown> }) => candidate.Statement.ManagedRuleGroupStatement)
      .map((candidate: { Statement: { ManagedRuleGroupStatement: { Name: string } } }) => candidate.Statement.ManagedRuleGroupStatement.Name);
    expect(managed).toEqual(['AWSManagedRulesAmazonIpReputationList', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesCommonRuleSet']);
    const common = rule(api, 'AwsCommonRuleSet').Statement.ManagedRuleGroupStatement;
    expect(common.ScopeDownStatement).toEqual({ NotStatement: { Statement: expect.objectContaining({ RegexMatchStatement: expect.objectContaining({ RegexString: credentialPathRegex(['dev']) }) }) } });
    expect(common.RuleActionOverrides).toEqual([{ Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } }]);
    api.hasResourceProperties('AWS::ApiGateway::GatewayResponse', { ResponseType: 'WAF_FILTERED', StatusCode: '403' });
  });

  it('matches /auth paths behind the stage and a custom base path', () => {
    const auth = new RegExp(authPathRegex(['prod', 'v1/']));
    for (const path of ['/prod/auth/login', '/auth/add-user', '/v1/auth/get-login-status', '/prod/auth']) expect([path, auth.test(path)]).toEqual([path, true]);
    for (const path of ['/prod/api/developer/applications', '/prod/health', '/other/auth/login', '/prod/authx']) expect([path, auth.test(path)]).toEqual([path, false]);
    const credentials = new RegExp(credentialPathRegex(['dev']));
    expect(['/dev/auth/login', '/auth/add-user', '/dev/auth/logout', '/dev/auth/login/x'].map((path) => credentials.test(path))).toEqual([true, true, false, false]);
  });

  it('reserves concurrency for the sign-in, sign-up and status-sync functions in prod once the account quota is stated, well inside the default 1000', () => {
    const reserved = stageConfig({ stage: 'prod' }).reservedConcurrency;
    const total = Object.values(reserved).reduce((sum, value) => sum + value, 0);
    expect(total).toBeLessThanOrEqual(1000 - 100 - 500); // AWS keeps 100 unreserved; leave most to the rest
    const quoted = synth('prod', { concurrencyQuota: '1000' });
    for (const name of functionNames) {
      const props = quoted.api.findResources('AWS::Lambda::Function')[quoted.stacks.api.functionLogicalId(name)]!.Properties;
      expect([name, props.ReservedConcurrentExecutions]).toEqual([name, reserved[name]]);
      const devProps = api.findResources('AWS::Lambda::Function')[stacks.api.functionLogicalId(name)]!.Properties;
      expect(devProps.ReservedConcurrentExecutions).toBeUndefined();
    }
    expect(Object.keys(reserved).sort()).toEqual(['app-update-user-status', 'auth-add-user', 'auth-login']);
  });

  it('provisions concurrency for get-login-status and the status PATCH only when the stage asks (off by default), through a live alias', () => {
    expect(api.findResources('AWS::Lambda::Alias')).toEqual({});
    expect(prod.api.findResources('AWS::Lambda::Alias')).toEqual({});
    const warm = synth('prod', { provisionedConcurrency: '2' });
    const aliases = Object.values(warm.api.findResources('AWS::Lambda::Alias'));
    expect(aliases).toHaveLength(2);
    for (const alias of aliases) {
      expect(alias.Properties.Name).toBe('live');
      expect(alias.Properties.ProvisionedConcurrencyConfig).toEqual({ ProvisionedConcurrentExecutions: 2 });
    }
    const targets = aliases.map((alias) => alias.Properties.FunctionName.Ref).sort();
    expect(targets).toEqual([warm.stacks.api.functionLogicalId('app-update-user-status'), warm.stacks.api.functionLogicalId('auth-get-login-status')].sort());
    expect(() => synth('dev', { provisionedConcurrency: '-1' })).toThrow(/provisionedConcurrency/);
  });

  it('traces every function with X-Ray and keeps its logs for the stage retention', () => {
    api.resourcePropertiesCountIs('AWS::Lambda::Function', { TracingConfig: { Mode: 'Active' } }, functionNames.length);
    for (const name of functionNames) {
      const props = api.findResources('AWS::Lambda::Function')[stacks.api.functionLogicalId(name)]!.Properties;
      const logGroup = api.findResources('AWS::Logs::LogGroup')[props.LoggingConfig.LogGroup.Ref]!;
      expect([name, logGroup.Properties.RetentionInDays]).toEqual([name, 7]);
    }
  });
});

describe('function environment', () => {
  const variablesOf = (template: Template, stack: typeof stacks.api, name: string): Record<string, unknown> =>
    template.findResources('AWS::Lambda::Function')[stack.functionLogicalId(name)]!.Properties.Environment.Variables;

  it('declares every config variable except the runtime-reserved and npm-start-only ones', () => {
    for (const name of functionNames) {
      const variables = variablesOf(api, stacks.api, name);
      const needs = functionNeeds(routes.find((route) => route.function === name));
      const expected = configKeys.filter(
        (key) =>
          !['AWS_REGION', 'PORT', 'LOG_FORMAT', 'METRICS'].includes(key) &&
          ((key !== 'TABLE_NAME' && key !== 'DYNAMODB_ENDPOINT') || needs.table) &&
          (!pepperKeys.has(key) || needs.clientSecretPepper),
      );
      expect([name, Object.keys(variables).sort()]).toEqual([name, [...expected].sort()]);
      expect([...undeclaredKeys].sort()).toEqual(['AWS_REGION', 'LOG_FORMAT', 'METRICS', 'PORT']);
      expect(variables).toMatchObject({ SIGNET_STAGE: 'dev', LOG_LEVEL: 'DEBUG', SESSION_TTL_HOURS: '336' });
      if (needs.table) expect(variables.DYNAMODB_ENDPOINT).toBe('');
    }
  });

  it("gives the client-secret pepper's secret ARN, never its value, only to /api routes and the proxied sign-in routes", () => {
    for (const name of functionNames) {
      const variables = variablesOf(api, stacks.api, name);
      // /api routes, and the proxied sign-in routes (they verify a proxying backend's credentials, issue 21)
      const isApi = routes.some((route) => route.function === name && (route.path.startsWith('/api/') || ['auth-login', 'auth-add-user', 'auth-request-password-reset', 'auth-get-login-status'].includes(route.function)));
      if (isApi) {
        expect(variables.CLIENT_SECRET_PEPPER).toBe('');
        expect(JSON.stringify(variables.CLIENT_SECRET_PEPPER_SECRET_ARN)).toContain('ClientSecretPepper');
      } else {
        expect(variables).not.toHaveProperty('CLIENT_SECRET_PEPPER');
        expect(variables).not.toHaveProperty('CLIENT_SECRET_PEPPER_SECRET_ARN');
      }
    }
    data.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'signet/dev/client-secret-pepper',
      GenerateSecretString: Match.objectLike({ PasswordLength: 64, ExcludePunctuation: true }),
    });
    prod.data.hasResource('AWS::SecretsManager::Secret', { DeletionPolicy: 'Retain' });
  });

  it('passes the execute-api URL as PUBLIC_BASE_URL, or the custom domain given with -c publicBaseUrl', () => {
    const health = variablesOf(api, stacks.api, 'health');
    expect(JSON.stringify(health.PUBLIC_BASE_URL)).toContain('.execute-api.');
    expect(JSON.stringify(health.PUBLIC_BASE_URL)).toContain('/dev');
    api.resourceCountIs('AWS::ApiGateway::DomainName', 0);

    const custom = synth('prod', { publicBaseUrl: 'https://auth.example.com/', certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc' });
    for (const name of functionNames) expect(variablesOf(custom.api, custom.stacks.api, name).PUBLIC_BASE_URL).toBe('https://auth.example.com');
    custom.api.hasResourceProperties('AWS::ApiGateway::DomainName', {
      DomainName: 'auth.example.com',
      EndpointConfiguration: { Types: ['REGIONAL'] },
    });
    custom.api.resourceCountIs('AWS::ApiGateway::BasePathMapping', 1);
    expect(variablesOf(custom.api, custom.stacks.api, 'health')).toMatchObject({ SIGNET_STAGE: 'prod', LOG_LEVEL: 'INFO' });
  });

  it('refuses a bad -c publicBaseUrl or a certificate without one', () => {
    expect(parsePublicBaseUrl('https://auth.example.com/v1/')).toBe('https://auth.example.com/v1');
    expect(() => stageConfig({ publicBaseUrl: 'http://auth.example.com' })).toThrow(/https/);
    expect(() => stageConfig({ publicBaseUrl: 'not a url' })).toThrow(/absolute URL/);
    expect(() => stageConfig({ certificateArn: 'arn:aws:acm:eu-west-1:1:certificate/x' })).toThrow(/publicBaseUrl/);
    expect(() => stageConfig({ stage: 'staging' })).toThrow(/Unknown stage/);
  });
});

describe('observability', () => {
  const alarmNamed = (template: Template, name: string) =>
    Object.values(template.findResources('AWS::CloudWatch::Alarm')).find((alarm) => alarm.Properties.AlarmName === name)?.Properties;

  it('alarms on the 5xx rate, p99 latency, throttles and DynamoDB errors and throttling, to one SNS topic', () => {
    const functionCount = new Set(routes.map((route) => route.function)).size + 1;
    api.resourceCountIs('AWS::CloudWatch::Alarm', 6 + functionCount);
    api.resourceCountIs('AWS::SNS::Topic', 1);
    const topic = Object.keys(api.findResources('AWS::SNS::Topic'))[0];
    for (const alarm of Object.values(api.findResources('AWS::CloudWatch::Alarm'))) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topic }]);
      expect(alarm.Properties.AlarmDescription).toMatch(/Runbook: docs\/operations\.md#/);
      expect(alarm.Properties.TreatMissingData).toBe('notBreaching');
    }
    expect(alarmNamed(api, 'signet-dev-api-5xx-rate')).toMatchObject({ MetricName: '5XXError', Statistic: 'Average', Threshold: 0.05 });
    expect(alarmNamed(prod.api, 'signet-prod-api-5xx-rate')).toMatchObject({ Threshold: 0.01 });
    expect(alarmNamed(api, 'signet-dev-api-p99-latency')).toMatchObject({ MetricName: 'Latency', ExtendedStatistic: 'p99', Threshold: 3000 });
    expect(alarmNamed(prod.api, 'signet-prod-api-p99-latency')).toMatchObject({ Threshold: 1500 });
    expect(alarmNamed(api, 'signet-dev-function-throttles-auth-login')).toMatchObject({ MetricName: 'Throttles', Namespace: 'AWS/Lambda' });
    expect(alarmNamed(api, 'signet-dev-api-throttled-responses')).toMatchObject({ MetricName: 'ThrottledResponses', Namespace: 'Signet' });
    for (const name of ['signet-dev-dynamodb-system-errors', 'signet-dev-dynamodb-throttled-requests']) {
      const alarm = alarmNamed(api, name);
      expect(alarm?.Metrics.length).toBeLessThanOrEqual(11);
    }
  });

  it('counts 429s from the access log, which logs status and latency as numbers', () => {
    api.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: '{ $.status = 429 }',
      MetricTransformations: [Match.objectLike({ MetricNamespace: 'Signet', MetricName: 'ThrottledResponses', Dimensions: [{ Key: 'stage', Value: '$.stage' }] })],
    });
    const stage = Object.values(api.findResources('AWS::ApiGateway::Stage'))[0]!;
    const format: string = stage.Properties.AccessLogSetting.Format;
    expect(format).toContain('"status":$context.status');
    expect(format).toContain('"responseLatency":$context.responseLatency');
  });

  it('has a dashboard per stage with the business metrics, and subscribes -c alarmEmail', () => {
    api.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'signet-dev' });
    const body = JSON.stringify(Object.values(api.findResources('AWS::CloudWatch::Dashboard'))[0]!.Properties.DashboardBody);
    for (const metric of ['Logins', 'FailedLogins', 'SessionChecks', 'Grants', 'Revokes', '5XXError', 'Throttles', 'ConsumedReadCapacityUnits']) expect(body).toContain(metric);
    api.resourceCountIs('AWS::SNS::Subscription', 0);
    const withEmail = synth('dev', { alarmEmail: 'ops@example.com' });
    withEmail.api.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' });
    expect(Annotations.fromStack(withEmail.stacks.api).findWarning('*', Match.stringLikeRegexp('nobody is subscribed'))).toHaveLength(0);
  });

  it('keeps prod logs three months and dev logs one week', () => {
    prod.api.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
    api.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 7 });
    prod.api.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Retain' });
  });
});
