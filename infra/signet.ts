import { Tags, type App } from 'aws-cdk-lib';
import { ApiStack } from './api-stack.js';
import { DataStack } from './data-stack.js';
import { stageConfig } from './stage-config.js';

/** Builds Signet's stacks for the stage named by `-c stage=dev|prod`; the CDK app and the tests use it. */
export function buildSignet(app: App): { data: DataStack; api: ApiStack } {
  const config = stageConfig(app.node.tryGetContext('stage'));
  const prefix = `Signet-${config.stage}`;
  const data = new DataStack(app, `${prefix}-Data`, { config });
  const api = new ApiStack(app, `${prefix}-Api`, { config, table: data.table });
  Tags.of(app).add('service', 'signet');
  Tags.of(app).add('stage', config.stage);
  return { data, api };
}
