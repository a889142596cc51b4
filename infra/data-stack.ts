import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { tableDefinition } from '../lib/db/table-definition.js';
import { acknowledgeFinding } from './reviewed-findings.js';
import type { StageConfig } from './stage-config.js';

export interface DataStackProps extends StackProps {
  config: StageConfig;
}

/** Secrets Manager name of the HMAC key of stored client secrets (CLIENT_SECRET_PEPPER). */
export const clientSecretPepperName = (stage: string): string => `signet/${stage}/client-secret-pepper`;
/** Secrets Manager name of the X-Origin-Verify value CloudFront sends to the API (CLOUDFRONT_ORIGIN_SECRET, issue 21). */
export const cloudFrontOriginSecretName = (stage: string): string => `signet/${stage}/cloudfront-origin-secret`;

/**
 * The one single-table DynamoDB design (docs/table-design.md), shaped by
 * lib/db/table-definition.ts, and the client-secret pepper: it lives with the data
 * because every stored client-secret hash depends on it.
 */
export class DataStack extends Stack {
  readonly table: Table;
  readonly clientSecretPepper: Secret;
  readonly cloudFrontOriginSecret: Secret;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const { config } = props;
    this.table = new Table(this, 'Table', {
      partitionKey: { name: tableDefinition.partitionKey, type: AttributeType.STRING },
      sortKey: { name: tableDefinition.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryption.AWS_MANAGED,
      timeToLiveAttribute: tableDefinition.ttlAttribute,
      // Webhooks (infra/webhooks-stack.ts): new event items reach the fan-out through the stream.
      stream: StreamViewType[tableDefinition.streamViewType],
      deletionProtection: config.deletionProtection,
      removalPolicy: config.removalPolicy,
    });
    for (const index of tableDefinition.globalSecondaryIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        projectionType: ProjectionType.ALL,
      });
    }

    this.clientSecretPepper = new Secret(this, 'ClientSecretPepper', {
      secretName: clientSecretPepperName(config.stage),
      description: 'Signet CLIENT_SECRET_PEPPER: HMAC key of stored client secrets. Replacing it invalidates every client secret.',
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      removalPolicy: config.removalPolicy,
    });

    acknowledgeFinding(
      this.clientSecretPepper,
      'AwsSolutions-SMG4',
      'The pepper is the HMAC key of every stored client-secret hash: rotating it would invalidate every client secret at once. Exposure is handled by replacing it deliberately (docs/operations.md), not by scheduled rotation.',
    );

    this.cloudFrontOriginSecret = new Secret(this, 'CloudFrontOriginSecret', {
      secretName: cloudFrontOriginSecretName(config.stage),
      description: 'Signet CLOUDFRONT_ORIGIN_SECRET: the X-Origin-Verify value that lets a request through CloudFront name its viewer (CloudFront-Viewer-Address).',
      generateSecretString: { passwordLength: 48, excludePunctuation: true, includeSpace: false },
      removalPolicy: config.removalPolicy,
    });
    acknowledgeFinding(
      this.cloudFrontOriginSecret,
      'AwsSolutions-SMG4',
      'Rotated by replacing the value and redeploying the portal stack (CloudFront reads it at deploy time); the functions pick the new value up within CLIENT_SECRET_PEPPER_CACHE_SECONDS (docs/operations.md).',
    );

    new CfnOutput(this, 'TableName', { value: this.table.tableName, description: 'TABLE_NAME for the admin CLI (npm run signet)' });
    new CfnOutput(this, 'ClientSecretPepperName', { value: clientSecretPepperName(config.stage), description: 'Secrets Manager id of CLIENT_SECRET_PEPPER' });
  }
}
