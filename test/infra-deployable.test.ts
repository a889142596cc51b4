import type { Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { buildSignet } from '../infra/signet.js';
import { invalidationPaths, uncachedErrorStatuses } from '../infra/portal-stack.js';
import { stageConfig } from '../infra/stage-config.js';
import { fallbackFunction, functionNames, routes } from '../lib/routes.js';
import { templateApp } from './support/cdk-app.js';

/**
 * What a real AWS account would refuse or what would misbehave after the first deploy
 * (docs/operations.md, "First deploy"), pinned on both stages' templates. Synthesized
 * without bundling, as test/infra.test.ts.
 */
type StageName = 'dev' | 'prod';

function synth(stage: StageName, context: Record<string, string> = {}) {
  const app = templateApp({ stage, ...context });
  const stacks = buildSignet(app);
  return {
    stacks,
    account: Template.fromStack(stacks.account),
    data: Template.fromStack(stacks.data),
    api: Template.fromStack(stacks.api),
    portal: Template.fromStack(stacks.portal),
  };
}

const customDomain = { publicBaseUrl: 'https://auth.example.com/v1', certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc' };
const pager = 'arn:aws:sns:eu-west-1:123456789012:pager';
/** Each stage as synthesized by default, and with every optional setting: a custom domain and an existing alarm topic. */
const stages = {
  dev: { ...synth('dev'), configured: synth('dev', { ...customDomain, alarmTopicArn: pager }) },
  prod: { ...synth('prod'), configured: synth('prod', { ...customDomain, alarmTopicArn: pager }) },
};
const bothStages = Object.entries(stages) as Array<[StageName, (typeof stages)['dev']]>;

/**
 * An upper estimate of a Lambda resource policy's size in bytes, from the template's
 * AWS::Lambda::Permission resources: each becomes one statement, written out here with
 * the longest values a deployment could give the parts CloudFormation fills in (partition
 * `aws-cn`, a 14-character region, 12-digit account, 10-character API id, a 64-character
 * function name, a Sid of stack name + logical id + a 13-character suffix). The policy
 * limit is 20 KB; staying under 15 KB leaves room for what this estimate might miss.
 */
const worstCase: Record<string, string> = {
  'AWS::Partition': 'aws-cn',
  'AWS::Region': 'ap-southeast-5',
  'AWS::AccountId': '123456789012',
  'AWS::URLSuffix': 'amazonaws.com.cn',
};

function worstCaseString(value: unknown, refLength: (ref: string) => string): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map((part) => worstCaseString(part, refLength)).join('');
  const object = value as Record<string, unknown>;
  if ('Fn::Join' in object) {
    const [separator, parts] = object['Fn::Join'] as [string, unknown[]];
    return parts.map((part) => worstCaseString(part, refLength)).join(separator);
  }
  if ('Ref' in object) return worstCase[object.Ref as string] ?? refLength(object.Ref as string);
  if ('Fn::GetAtt' in object) return 'x'.repeat(64);
  return 'x'.repeat(128);
}

export function estimatedStatementBytes(stackName: string, logicalId: string, permission: Record<string, unknown>, restApiIds: Set<string>): number {
  const refLength = (ref: string) => (restApiIds.has(ref) ? 'a1b2c3d4e5' : 'x'.repeat(64));
  const statement = {
    Sid: `${stackName}-${logicalId}-${'X'.repeat(12)}`,
    Effect: 'Allow',
    Principal: { Service: 'apigateway.amazonaws.com' },
    Action: permission.Action,
    Resource: `arn:aws-cn:lambda:ap-southeast-5:123456789012:function:${'f'.repeat(64)}`,
    Condition: { ArnLike: { 'AWS:SourceArn': worstCaseString(permission.SourceArn, refLength) } },
  };
  return JSON.stringify(statement).length;
}

function policyEstimates(stack: Stack, template: Template): Map<string, number> {
  const restApiIds = new Set(Object.keys(template.findResources('AWS::ApiGateway::RestApi')));
  const envelope = JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: [] }).length;
  const sizes = new Map<string, number>();
  for (const [logicalId, resource] of Object.entries(template.findResources('AWS::Lambda::Permission'))) {
    const fn = JSON.stringify(resource.Properties.FunctionName);
    const bytes = estimatedStatementBytes(stack.stackName, logicalId, resource.Properties, restApiIds) + 1;
    sizes.set(fn, (sizes.get(fn) ?? envelope) + bytes);
  }
  return sizes;
}

describe.each(bothStages)('deployable on the first try: %s', (stage, { stacks, api, portal, account, configured }) => {
  it('keeps every Lambda resource policy estimated under 15 KB (Lambda refuses over 20 KB)', () => {
    const sizes = policyEstimates(stacks.api, api);
    expect(sizes.size).toBe(functionNames.length);
    for (const [fn, bytes] of sizes) expect([fn, bytes <= 15 * 1024]).toEqual([fn, true]);
  });

  it('grants one API-wide invoke permission to a function behind many methods, and scoped ones otherwise', () => {
    const permissions = Object.values(api.findResources('AWS::Lambda::Permission'));
    const of = (name: string) => permissions.filter((permission) => JSON.stringify(permission.Properties.FunctionName).includes(stacks.api.functionLogicalId(name)));
    expect(of(fallbackFunction)).toHaveLength(1);
    expect(JSON.stringify(of(fallbackFunction)[0]!.Properties.SourceArn)).toContain('/*/*/*');
    const manyMethods = [...new Set(routes.map((route) => route.function))].filter((name) => routes.filter((route) => route.function === name).length > 1);
    expect(manyMethods).toContain('auth-get-login-status');
    for (const name of manyMethods) expect([name, of(name).length]).toEqual([name, 1]);
    // A function of one method: its method and the console's test invocation.
    expect(of('health')).toHaveLength(2);
  });

  it('estimates the per-method statements realistically (46 of them made the fallback ~21 KB)', () => {
    const restApiIds = new Set(Object.keys(api.findResources('AWS::ApiGateway::RestApi')));
    const [id, scoped] = Object.entries(api.findResources('AWS::Lambda::Permission')).find(([, permission]) => JSON.stringify(permission.Properties.FunctionName).includes(stacks.api.functionLogicalId('health')))!;
    const bytes = estimatedStatementBytes(stacks.api.stackName, id, scoped.Properties, restApiIds);
    expect(bytes).toBeGreaterThan(400);
    expect(bytes * 46).toBeGreaterThan(20 * 1024);
  });

  it('reserves no concurrency unless the account quota is stated, and says so', () => {
    for (const fn of Object.values(api.findResources('AWS::Lambda::Function'))) expect(fn.Properties.ReservedConcurrentExecutions).toBeUndefined();
    const warnings = Annotations.fromStack(stacks.api).findWarning('*', Match.stringLikeRegexp('Reserved concurrency is off'));
    expect(warnings.length).toBe(stage === 'prod' ? 1 : 0);
  });

  it('makes CloudFront cache no error answer: 0 s error caching, no response page', () => {
    const config = Object.values(portal.findResources('AWS::CloudFront::Distribution'))[0]!.Properties.DistributionConfig;
    expect(config.CustomErrorResponses).toEqual(uncachedErrorStatuses.map((ErrorCode) => ({ ErrorCode, ErrorCachingMinTTL: 0 })));
    expect([...uncachedErrorStatuses]).toEqual([400, 403, 404, 405, 500, 502, 503, 504]);
  });

  it('invalidates /* on every portal deployment and logs no query string at the edge', () => {
    expect(invalidationPaths).toEqual(['/*']);
    portal.hasResourceProperties('Custom::CDKBucketDeployment', { DistributionPaths: ['/*'] });
    const config = Object.values(portal.findResources('AWS::CloudFront::Distribution'))[0]!.Properties.DistributionConfig;
    expect(config.Logging).toBeUndefined();
  });

  it('empties the portal buckets on destroy in dev only', () => {
    portal.resourceCountIs('Custom::S3AutoDeleteObjects', stage === 'dev' ? 2 : 0);
    for (const bucket of Object.values(portal.findResources('AWS::S3::Bucket'))) expect(bucket.DeletionPolicy).toBe(stage === 'dev' ? 'Delete' : 'Retain');
  });

  it('has a REGIONAL API (no second CloudFront hop) without per-method detailed metrics', () => {
    api.hasResourceProperties('AWS::ApiGateway::RestApi', { EndpointConfiguration: { Types: ['REGIONAL'] } });
    api.hasResourceProperties('AWS::ApiGateway::Stage', {
      MethodSettings: Match.arrayWith([Match.objectLike({ HttpMethod: '*', ResourcePath: '/*', MetricsEnabled: false, LoggingLevel: 'ERROR' })]),
    });
  });

  it('owns the execution log group with the stage retention, before the stage logs to it', () => {
    const retention = stage === 'prod' ? 90 : 7;
    const [id, group] = Object.entries(api.findResources('AWS::Logs::LogGroup')).find(([, candidate]) => JSON.stringify(candidate.Properties.LogGroupName ?? '').includes('API-Gateway-Execution-Logs_'))!;
    expect(group.Properties.RetentionInDays).toBe(retention);
    expect(JSON.stringify(group.Properties.LogGroupName)).toContain(`/${stage}`);
    const stageResource = Object.values(api.findResources('AWS::ApiGateway::Stage'))[0]!;
    expect(stageResource.DependsOn).toEqual(expect.arrayContaining([id]));
  });

  it('leaves the account CloudWatch role to one stage-less stack, retained', () => {
    api.resourceCountIs('AWS::ApiGateway::Account', 0);
    expect(stacks.account.stackName).toBe('Signet-ApiGatewayAccount');
    account.hasResource('AWS::ApiGateway::Account', { DeletionPolicy: 'Retain' });
    account.hasResource('AWS::IAM::Role', { DeletionPolicy: 'Retain' });
    expect(stacks.api.dependencies).toContain(stacks.account);
    // The same template from either stage: deploying the other stage changes nothing.
    expect(account.toJSON()).toEqual(stages.dev.account.toJSON());
  });

  it('maps a custom domain with TLS 1.2', () => {
    configured.api.hasResourceProperties('AWS::ApiGateway::DomainName', { SecurityPolicy: 'TLS_1_2', EndpointConfiguration: { Types: ['REGIONAL'] } });
  });

  it('puts no secret value in any function configuration, and lets only the pepper users read the secret', () => {
    // No secret in any function; the one dynamic reference is the CloudFront origin secret in the regional web ACL (issue 21).
    expect(JSON.stringify(api.findResources('AWS::Lambda::Function'))).not.toContain('resolve:secretsmanager');
    const withReference = Object.values(api.toJSON().Resources as Record<string, { Type: string }>).filter((resource) => JSON.stringify(resource).includes('resolve:secretsmanager'));
    expect(withReference.map((resource) => resource.Type)).toEqual(['AWS::WAFv2::WebACL']);
    const functions = api.findResources('AWS::Lambda::Function');
    const policies = Object.values(api.findResources('AWS::IAM::Policy'));
    for (const name of functionNames) {
      const fn = stacks.api.functions.get(name)!;
      const variables = functions[stacks.api.functionLogicalId(name)]!.Properties.Environment.Variables as Record<string, unknown>;
      expect(JSON.stringify(variables)).not.toContain('resolve:');
      const role = stacks.api.getLogicalId(fn.role!.node.defaultChild as never);
      const statements = policies.filter((policy) => JSON.stringify(policy.Properties.Roles).includes(role)).flatMap((policy) => policy.Properties.PolicyDocument.Statement);
      // every function reads the CloudFront origin secret (issue 21); only the pepper users read the pepper
      const readsSecret = statements.some(
        (statement: { Action: string | string[]; Resource: unknown }) =>
          [statement.Action].flat().includes('secretsmanager:GetSecretValue') && JSON.stringify(statement.Resource).includes('ClientSecretPepper'),
      );
      const needsPepper = 'CLIENT_SECRET_PEPPER_SECRET_ARN' in variables;
      expect([name, readsSecret]).toEqual([name, needsPepper]);
      // login, add-user, request-password-reset and get-login-status verify a proxying backend's credentials (X-Signet-Client-IP, issue 21)
      expect(needsPepper).toBe(routes.some((route) => route.function === name && (route.path.startsWith('/api/') || ['auth-login', 'auth-add-user', 'auth-request-password-reset', 'auth-get-login-status'].includes(route.function))));
    }
  });

  it('fills missing datapoints with 0 wherever metrics are combined, in alarms and on the dashboard', () => {
    const expressions: string[] = [];
    for (const alarm of Object.values(api.findResources('AWS::CloudWatch::Alarm'))) {
      for (const query of alarm.Properties.Metrics ?? []) if (query.Expression) expressions.push(query.Expression);
    }
    const dashboard = JSON.stringify(Object.values(api.findResources('AWS::CloudWatch::Dashboard'))[0]!.Properties.DashboardBody);
    for (const match of dashboard.matchAll(/\\"expression\\":\\"([^\\]+)\\"/g)) expressions.push(match[1]!);
    expect(expressions.length).toBeGreaterThanOrEqual(4);
    for (const expression of expressions) {
      const ids = expression.match(/\bm\d+\b/g) ?? [];
      const filled = expression.match(/FILL\(m\d+, 0\)/g) ?? [];
      expect([expression, filled.length]).toEqual([expression, ids.length]);
    }
  });

  it('warns at synth when no one would be notified of an alarm', () => {
    const warningOf = (stack: Stack) => Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('nobody is subscribed'));
    expect(warningOf(stacks.api)).toHaveLength(1);
    expect(warningOf(configured.stacks.api)).toHaveLength(0);
    for (const alarm of Object.values(configured.api.findResources('AWS::CloudWatch::Alarm'))) expect(alarm.Properties.AlarmActions).toContain(pager);
  });

  it("builds PUBLIC_BASE_URL from the partition's URL suffix, not a hard-coded amazonaws.com", () => {
    const health = api.findResources('AWS::Lambda::Function')[stacks.api.functionLogicalId('health')]!.Properties.Environment.Variables.PUBLIC_BASE_URL;
    expect(JSON.stringify(health)).toContain('AWS::URLSuffix');
    expect(JSON.stringify(health)).not.toContain('amazonaws.com');
  });
});

describe('reserved concurrency against the account quota', () => {
  it('applies prod reservations when the quota holds them with 100 unreserved, and refuses a quota that does not', () => {
    const reserved = stageConfig({ stage: 'prod' }).reservedConcurrency;
    const quoted = synth('prod', { concurrencyQuota: '1000' });
    const applied = functionNames.map((name) => quoted.api.findResources('AWS::Lambda::Function')[quoted.stacks.api.functionLogicalId(name)]!.Properties.ReservedConcurrentExecutions ?? 0);
    expect(applied.reduce((sum, value) => sum + value, 0)).toBe(Object.values(reserved).reduce((sum, value) => sum + value, 0));
    expect(Annotations.fromStack(quoted.stacks.api).findWarning('*', Match.stringLikeRegexp('Reserved concurrency is off'))).toHaveLength(0);
    expect(() => stageConfig({ stage: 'prod', concurrencyQuota: '200' })).toThrow(/cannot hold this stage's reserved concurrency \(170\)/);
    expect(() => stageConfig({ stage: 'prod', concurrencyQuota: 'lots' })).toThrow(/positive integer/);
    expect(stageConfig({ stage: 'dev', concurrencyQuota: '10' }).concurrencyQuota).toBe(10); // dev reserves nothing: any quota holds it
    expect(Annotations.fromStack(stages.dev.stacks.api).findWarning('*', Match.stringLikeRegexp('Reserved concurrency is off'))).toHaveLength(0);
  });
});
