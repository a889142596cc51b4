import { Stack, type StackProps } from 'aws-cdk-lib';
import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';
import type { StageConfig } from './stage-config.js';
import { authPathRegex, credentialPathRegex, firewallResponses, not, perIp, uriMatches } from './waf.js';

/** CloudFront takes web ACLs of scope CLOUDFRONT only, and they live in us-east-1. */
export const edgeRegion = 'us-east-1';

/** Where the edge web ACL's ARN is published (SSM, us-east-1) for the portal stack to read. */
export const edgeWebAclArnParameter = (stage: string): string => `/signet/${stage}/edge-web-acl-arn`;

export interface EdgeFirewallStackProps extends StackProps {
  config: StageConfig;
}

/**
 * The portal distribution's own web ACL (issue 21), in us-east-1: per-viewer rate rules at
 * the edge, where WAF sees the viewer's address, in front of every CloudFront request (the
 * API behind it has its regional web ACL too, infra/waf.ts). The same limits and contract
 * bodies as the regional rules. The portal stack (another region) reads the ARN from the SSM
 * parameter this stack writes, through a custom resource: CloudFormation exports do not
 * cross regions, and the stacks are environment-agnostic (no fixed account), which CDK's
 * crossRegionReferences requires.
 */
export class EdgeFirewallStack extends Stack {
  readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string, props: EdgeFirewallStackProps) {
    super(scope, id, { description: `Signet ${props.config.stage}: the CloudFront web ACL of the developer portal and API (per-viewer rate rules)`, ...props, env: { region: edgeRegion } });
    const { config } = props;
    const limits = config.firewall;
    const metricPrefix = `signet-${config.stage}-edge`;
    const visibility = (name: string): CfnWebACL.VisibilityConfigProperty => ({ metricName: `${metricPrefix}-${name}`, cloudWatchMetricsEnabled: true, sampledRequestsEnabled: false });
    const { block, customResponseBodies } = firewallResponses();
    // CloudFront's paths have no stage prefix.
    const authPaths = uriMatches(authPathRegex([]));
    const credentialPaths = uriMatches(credentialPathRegex([]));
    const rules: Array<Omit<CfnWebACL.RuleProperty, 'priority' | 'visibilityConfig'>> = [
      { name: 'RateLimitCredentialsPerIp', statement: perIp(limits.credentialRequestsPerIp, credentialPaths), action: block('rateLimited', 'auth') },
      { name: 'RateLimitAuthPerIp', statement: perIp(limits.requestsPerIp, authPaths), action: block('rateLimited', 'auth') },
      { name: 'RateLimitOtherPerIp', statement: perIp(limits.requestsPerIp, not(authPaths)), action: block('rateLimited', 'api') },
    ];
    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      name: `${metricPrefix}`,
      description: 'Signet developer portal and API at CloudFront: per-viewer rate limits',
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('all'),
      customResponseBodies,
      rules: rules.map((rule, priority) => ({ ...rule, priority, visibilityConfig: visibility(rule.name) })),
    });
    new StringParameter(this, 'WebAclArn', {
      parameterName: edgeWebAclArnParameter(config.stage),
      stringValue: this.webAcl.attrArn,
      description: 'ARN of the CloudFront web ACL, read by the portal stack',
    });
  }
}
