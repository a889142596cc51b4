import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { CfnAccount } from 'aws-cdk-lib/aws-apigateway';
import { ManagedPolicy, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { acknowledgeFinding } from './reviewed-findings.js';

/** One per account and region, whatever the stage: both stages' apps synthesize the same stack. */
export const apiGatewayAccountStackName = 'Signet-ApiGatewayAccount';

/**
 * API Gateway's CloudWatch role is one setting of the account per region (AWS::ApiGateway::Account),
 * which execution and access logging need. If each stage's API set it, dev and prod in one
 * account would overwrite each other's role, and destroying one would break the other's
 * logging. So one stage-less stack owns it: deploying either stage deploys the same template,
 * and both are retained when the stack goes (docs/operations.md, "First deploy").
 */
export class ApiGatewayAccountStack extends Stack {
  readonly role: Role;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, { description: 'Signet: the API Gateway CloudWatch role of this account and region (shared by every stage)', ...props });
    this.role = new Role(this, 'CloudWatchRole', {
      assumedBy: new ServicePrincipal('apigateway.amazonaws.com'),
      managedPolicies: [ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonAPIGatewayPushToCloudWatchLogs')],
    });
    this.role.applyRemovalPolicy(RemovalPolicy.RETAIN);
    const account = new CfnAccount(this, 'Account', { cloudWatchRoleArn: this.role.roleArn });
    account.applyRemovalPolicy(RemovalPolicy.RETAIN);

    acknowledgeFinding(
      this.role,
      'AwsSolutions-IAM4',
      'The API Gateway account role for execution and access logs; AmazonAPIGatewayPushToCloudWatchLogs is the policy AWS provides for it.',
      ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs'],
    );
  }
}
