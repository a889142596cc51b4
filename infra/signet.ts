import { Tags, type App } from 'aws-cdk-lib';
import { ApiGatewayAccountStack, apiGatewayAccountStackName } from './api-gateway-account-stack.js';
import { ApiStack } from './api-stack.js';
import { DataStack } from './data-stack.js';
import { EdgeFirewallStack } from './edge-firewall-stack.js';
import { PortalStack } from './portal-stack.js';
import { stageConfig } from './stage-config.js';
import { WebhooksStack } from './webhooks-stack.js';

/**
 * Builds Signet's stacks for `-c stage=dev|prod` (plus the optional
 * `-c publicBaseUrl=...`, `-c certificateArn=...`, `-c alarmEmail=...`,
 * `-c alarmTopicArn=...`, `-c concurrencyQuota=...`, `-c provisionedConcurrency=...`, `-c mailDomain=...`,
 * `-c portalUrl=...`, the Facebook and portal-domain settings of docs/operations.md): the account-wide API Gateway
 * CloudWatch role stack and the stage's data, API, edge web ACL (us-east-1), portal and webhooks stacks. The CDK app and the tests use it.
 */
export function buildSignet(app: App): { account: ApiGatewayAccountStack; data: DataStack; api: ApiStack; edge: EdgeFirewallStack; portal: PortalStack; webhooks: WebhooksStack } {
  const context = (key: string): unknown => app.node.tryGetContext(key);
  const config = stageConfig({
    stage: context('stage'),
    publicBaseUrl: context('publicBaseUrl'),
    certificateArn: context('certificateArn'),
    alarmEmail: context('alarmEmail'),
    alarmTopicArn: context('alarmTopicArn'),
    concurrencyQuota: context('concurrencyQuota'),
    provisionedConcurrency: context('provisionedConcurrency'),
    mailDomain: context('mailDomain'),
    portalUrl: context('portalUrl'),
    facebookAppId: context('facebookAppId'),
    facebookAppSecretName: context('facebookAppSecretName'),
    portalDomain: context('portalDomain'),
    portalCertificateArn: context('portalCertificateArn'),
  });
  const prefix = `Signet-${config.stage}`;
  const data = new DataStack(app, `${prefix}-Data`, { config });
  const account = new ApiGatewayAccountStack(app, apiGatewayAccountStackName);
  const api = new ApiStack(app, `${prefix}-Api`, { config, table: data.table, clientSecretPepper: data.clientSecretPepper, cloudFrontOriginSecret: data.cloudFrontOriginSecret });
  // The stage's execution and access logs need the account's API Gateway CloudWatch role.
  api.addStackDependency(account, 'logs through the account API Gateway CloudWatch role');
  // The distribution's web ACL lives in us-east-1 (CloudFront's region for web ACLs).
  const edge = new EdgeFirewallStack(app, `${prefix}-Edge`, { config });
  const portal = new PortalStack(app, `${prefix}-Portal`, { config, api: api.api });
  portal.addStackDependency(edge, 'the distribution uses the edge web ACL, read from its SSM parameter');
  // Webhooks (docs/webhooks.md): the stream fan-out, the sender and the expiry sweep.
  const webhooks = new WebhooksStack(app, `${prefix}-Webhooks`, { config, table: data.table, publicBaseUrl: api.publicBaseUrl, alarmTopic: api.observability.alarmTopic, clientSecretPepper: data.clientSecretPepper });
  Tags.of(app).add('service', 'signet');
  // Not on the account stack: it must synthesize the same from either stage.
  for (const stack of [data, api, edge, portal, webhooks]) Tags.of(stack).add('stage', config.stage);
  return { account, data, api, edge, portal, webhooks };
}
