import { Tags, type App } from 'aws-cdk-lib';
import { ApiStack } from './api-stack.js';
import { DataStack } from './data-stack.js';
import { PortalStack } from './portal-stack.js';
import { stageConfig } from './stage-config.js';
import { WebhooksStack } from './webhooks-stack.js';

/**
 * Builds Signet's stacks for `-c stage=dev|prod` (plus the optional
 * `-c publicBaseUrl=...`, `-c certificateArn=...`, `-c alarmEmail=...`);
 * the CDK app and the tests use it.
 */
export function buildSignet(app: App): { data: DataStack; api: ApiStack; portal: PortalStack; webhooks: WebhooksStack } {
  const context = (key: string): unknown => app.node.tryGetContext(key);
  const config = stageConfig({
    stage: context('stage'),
    publicBaseUrl: context('publicBaseUrl'),
    certificateArn: context('certificateArn'),
    alarmEmail: context('alarmEmail'),
  });
  const prefix = `Signet-${config.stage}`;
  const data = new DataStack(app, `${prefix}-Data`, { config });
  const api = new ApiStack(app, `${prefix}-Api`, { config, table: data.table });
  // The API reads the data stack's pepper secret by name, so it deploys after it.
  api.addStackDependency(data, 'reads the client-secret pepper by name');
  const portal = new PortalStack(app, `${prefix}-Portal`, { config, api: api.api });
  // Webhooks (API.md §9): the stream fan-out, the sender and the expiry sweep.
  const webhooks = new WebhooksStack(app, `${prefix}-Webhooks`, { config, table: data.table, publicBaseUrl: api.publicBaseUrl, alarmTopic: api.observability.alarmTopic });
  webhooks.addStackDependency(data, 'reads the client-secret pepper by name');
  Tags.of(app).add('service', 'signet');
  Tags.of(app).add('stage', config.stage);
  return { data, api, portal, webhooks };
}
