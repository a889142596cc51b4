import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { buildSignet } from '../infra/signet.js';
import { fallbackFunction, routes } from '../lib/routes.js';

/** Synthesizes without bundling (the bundles are checked by `npm run synth` and the sam-local test). */
function synth(stage: 'dev' | 'prod') {
  const app = new App({ context: { stage, 'aws:cdk:bundling-stacks': [] } });
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
