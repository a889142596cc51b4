import { Tags, type App } from 'aws-cdk-lib';
import { ApiGatewayAccountStack, apiGatewayAccountStackName } from './api-gateway-account-stack.js';
import { ApiStack } from './api-stack.js';
import { DataStack } from './data-stack.js';
import { PortalStack } from './portal-stack.js';
import { stageConfig } from './stage-config.js';

/**
 * Builds Signet's stacks for `-c stage=dev|prod` (plus the optional
 * `-c publicBaseUrl=...`, `-c certificateArn=...`, `-c alarmEmail=...`,
 * `-c alarmTopicArn=...`, `-c concurrencyQuota=...`, `-c provisionedConcurrency=...`): the account-wide API Gateway
 * CloudWatch role stack and the stage's data, API and portal stacks. The CDK app and the tests use it.
 */
export function buildSignet(app: App): { account: ApiGatewayAccountStack; data: DataStack; api: ApiStack; portal: PortalStack } {
  const context = (key: string): unknown => app.node.tryGetContext(key);
  const config = stageConfig({
    stage: context('stage'),
    publicBaseUrl: context('publicBaseUrl'),
    certificateArn: context('certificateArn'),
    alarmEmail: context('alarmEmail'),
    alarmTopicArn: context('alarmTopicArn'),
    concurrencyQuota: context('concurrencyQuota'),
    provisionedConcurrency: context('provisionedConcurrency'),
  });
  const prefix = `Signet-${config.stage}`;
  const data = new DataStack(app, `${prefix}-Data`, { config });
  const account = new ApiGatewayAccountStack(app, apiGatewayAccountStackName);
  const api = new ApiStack(app, `${prefix}-Api`, { config, table: data.table, clientSecretPepper: data.clientSecretPepper });
  // The stage's execution and access logs need the account's API Gateway CloudWatch role.
  api.addStackDependency(account, 'logs through the account API Gateway CloudWatch role');
  const portal = new PortalStack(app, `${prefix}-Portal`, { config, api: api.api });
  Tags.of(app).add('service', 'signet');
  // Not on the account stack: it must synthesize the same from either stage.
  for (const stack of [data, api, portal]) Tags.of(stack).add('stage', config.stage);
  return { account, data, api, portal };
}
