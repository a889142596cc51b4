import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { buildSignet } from '../infra/signet.js';
import { functionNeeds } from '../infra/function-environment.js';
import { parsePublicBaseUrl, stageConfig } from '../infra/stage-config.js';
import { configKeys } from '../lib/config.js';
import { fallbackFunction, routes } from '../lib/routes.js';

/** Synthesizes without bundling (the bundles are checked by `npm run synth` and the sam-local test). */
function synth(stage: 'dev' | 'prod', context: Record<string, string> = {}) {
  const app = new App({ context: { stage, 'aws:cdk:bundling-stacks': [], ...context } });
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
  const functionNames = [...new Set(routes.map((route) => route.function)), fallbackFunction];

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

  it('gives functions only the table access their route needs', () => {
    const policies = api.findResources('AWS::IAM::Policy');
    const actionsOf = (name: string): string[] => {
      const role = stacks.api.getLogicalId(stacks.api.functions.get(name)!.role!.node.defaultChild as never);
      const policy = Object.values(policies).find((candidate) =>
        JSON.stringify(candidate.Properties.Roles).includes(role),
      );
      if (!policy) return [];
      return policy.Properties.PolicyDocument.Statement.flatMap((statement: { Action: string | string[] }) =>
        [statement.Action].flat(),
      ).filter((action: string) => action.startsWith('dynamodb:'));
    };
    for (const name of functionNames) {
      const route = routes.find((candidate) => candidate.function === name);
      const actions = actionsOf(name);
      const access = route?.table ?? 'none';
      if (access === 'none') expect(actions).toEqual([]);
      if (access === 'read') {
        expect(actions).toContain('dynamodb:GetItem');
        expect(actions.filter((action) => /Put|Update|Delete|Write/.test(action))).toEqual([]);
      }
      if (access === 'readWrite') expect(actions).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem']));
    }
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

describe('function environment', () => {
  const functionNames = [...new Set(routes.map((route) => route.function)), fallbackFunction];
  const variablesOf = (template: Template, stack: typeof stacks.api, name: string): Record<string, unknown> =>
    template.findResources('AWS::Lambda::Function')[stack.functionLogicalId(name)]!.Properties.Environment.Variables;

  it('declares every config variable except the runtime-reserved and npm-start-only ones', () => {
    for (const name of functionNames) {
      const variables = variablesOf(api, stacks.api, name);
      const needs = functionNeeds(routes.find((route) => route.function === name));
      const expected = configKeys.filter(
        (key) =>
          key !== 'AWS_REGION' &&
          key !== 'PORT' &&
          ((key !== 'TABLE_NAME' && key !== 'DYNAMODB_ENDPOINT') || needs.table) &&
          (key !== 'CLIENT_SECRET_PEPPER' || needs.clientSecretPepper),
      );
      expect([name, Object.keys(variables).sort()]).toEqual([name, [...expected].sort()]);
      expect(variables).toMatchObject({ SIGNET_STAGE: 'dev', LOG_LEVEL: 'DEBUG', SESSION_TTL_HOURS: '336' });
      if (needs.table) expect(variables.DYNAMODB_ENDPOINT).toBe('');
    }
  });

  it('gives the client-secret pepper, as a deploy-time secret reference, only to /api routes', () => {
    for (const name of functionNames) {
      const variables = variablesOf(api, stacks.api, name);
      const isApi = routes.some((route) => route.function === name && route.path.startsWith('/api/'));
      if (isApi) expect(variables.CLIENT_SECRET_PEPPER).toBe('{{resolve:secretsmanager:signet/dev/client-secret-pepper:SecretString:::}}');
      else expect(variables).not.toHaveProperty('CLIENT_SECRET_PEPPER');
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
    api.resourceCountIs('AWS::CloudWatch::Alarm', 5 + functionCount);
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
  });

  it('keeps prod logs three months and dev logs one week', () => {
    prod.api.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
    api.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 7 });
    prod.api.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Retain' });
  });
});
