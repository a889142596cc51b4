import { Tags, type App } from 'aws-cdk-lib';
import { ApiStack } from './api-stack.js';
import { DataStack } from './data-stack.js';
import { PortalStack } from './portal-stack.js';
import { stageConfig } from './stage-config.js';

/**
 * Builds Signet's stacks for `-c stage=dev|prod` (plus the optional
 * `-c publicBaseUrl=...`, `-c certificateArn=...`, `-c alarmEmail=...`, the Facebook and
 * portal-domain settings of docs/operations.md);
 * the CDK app and the tests use it.
 */
export function buildSignet(app: App): { data: DataStack; api: ApiStack; portal: PortalStack } {
  const context = (key: string): unknown => app.node.tryGetContext(key);
  const config = stageConfig({
    stage: context('stage'),
    publicBaseUrl: context('publicBaseUrl'),
    certificateArn: context('certificateArn'),
    alarmEmail: context('alarmEmail'),
    facebookAppId: context('facebookAppId'),
    facebookAppSecretName: context('facebookAppSecretName'),
    portalDomain: context('portalDomain'),
    portalCertificateArn: context('portalCertificateArn'),
  });
  const prefix = `Signet-${config.stage}`;
  const data = new DataStack(app, `${prefix}-Data`, { config });
  const api = new ApiStack(app, `${prefix}-Api`, { config, table: data.table });
  // The API reads the data stack's pepper secret by name, so it deploys after it.
  api.addStackDependency(data, 'reads the client-secret pepper by name');
  const portal = new PortalStack(app, `${prefix}-Portal`, { config, api: api.api });
  Tags.of(app).add('service', 'signet');
  Tags.of(app).add('stage', config.stage);
  return { data, api, portal };
}
