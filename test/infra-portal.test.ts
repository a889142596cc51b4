import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { apiPathPatterns } from '../infra/portal-stack.js';
import { buildSignet } from '../infra/signet.js';

/** The developer portal deployed: a private bucket behind CloudFront (OAC), the API on the same origin. */
const app = new App({ context: { stage: 'dev', 'aws:cdk:bundling-stacks': [] } });
const { portal, api } = buildSignet(app);
const template = Template.fromStack(portal);

type Behavior = { PathPattern: string; TargetOriginId: string; AllowedMethods: string[]; CachePolicyId: string; OriginRequestPolicyId?: string };
const distribution = Object.values(template.findResources('AWS::CloudFront::Distribution'))[0]!.Properties.DistributionConfig as {
  Origins: { Id: string; DomainName: unknown; OriginPath?: string; S3OriginConfig?: { OriginAccessIdentity: string }; OriginAccessControlId?: unknown; CustomOriginConfig?: { OriginProtocolPolicy: string } }[];
  DefaultCacheBehavior: { TargetOriginId: string; ViewerProtocolPolicy: string; ResponseHeadersPolicyId: unknown };
  CacheBehaviors: Behavior[];
  DefaultRootObject: string;
  Logging: unknown;
};

describe('portal stack', () => {
  it('keeps the portal files in a private, encrypted, TLS-only bucket', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: Match.objectLike({}),
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 's3/' }),
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      }),
    });
  });

  it('lets only this distribution read the bucket, through origin access control', () => {
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    template.resourceCountIs('AWS::CloudFront::CloudFrontOriginAccessIdentity', 0);
    const s3Origin = distribution.Origins.find((origin) => origin.Id === distribution.DefaultCacheBehavior.TargetOriginId)!;
    expect(s3Origin.OriginAccessControlId).toBeDefined();
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({ Principal: { Service: 'cloudfront.amazonaws.com' }, Action: 's3:GetObject', Condition: { StringEquals: { 'AWS:SourceArn': Match.anyValue() } } }),
        ]),
      }),
    });
    expect(distribution.DefaultRootObject).toBe('index.html');
    expect(distribution.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(distribution.Logging).toBeDefined();
  });

  it('routes /api/* and /auth/* (and the API reference) to API Gateway, uncached, with every viewer header but Host', () => {
    expect(distribution.CacheBehaviors.map((behavior) => behavior.PathPattern).sort()).toEqual([...apiPathPatterns].sort());
    expect(apiPathPatterns).toEqual(expect.arrayContaining(['/api/*', '/auth/*']));
    const apiOrigin = distribution.Origins.find((origin) => origin.Id === distribution.CacheBehaviors[0]!.TargetOriginId)!;
    expect(apiOrigin.CustomOriginConfig?.OriginProtocolPolicy).toBe('https-only');
    expect(JSON.stringify(apiOrigin.DomainName)).toContain(api.getLogicalId(api.api.node.defaultChild as never));
    // The stage path (/dev), cut from the API's URL at deploy time.
    expect(JSON.stringify(apiOrigin.OriginPath)).toMatch(/Fn::Select.*execute-api/);
    for (const behavior of distribution.CacheBehaviors) {
      expect(behavior.TargetOriginId).toBe(apiOrigin.Id);
      expect(behavior.AllowedMethods).toEqual(expect.arrayContaining(['GET', 'POST', 'PATCH', 'DELETE', 'PUT', 'OPTIONS']));
      expect(behavior.CachePolicyId).toBe('4135ea2d-6df8-44a3-9df3-4b5a84be39ad'); // CachingDisabled
      expect(behavior.OriginRequestPolicyId).toBe('b689b0a8-53d0-40ab-baf2-68738e2966ac'); // AllViewerExceptHostHeader
    }
  });

  it('sends the portal strict CSP with the static files', () => {
    template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: Match.objectLike({
          ContentSecurityPolicy: { ContentSecurityPolicy: Match.stringLikeRegexp("^default-src 'self';"), Override: true },
          FrameOptions: { FrameOption: 'DENY', Override: true },
        }),
      }),
    });
    expect(distribution.DefaultCacheBehavior.ResponseHeadersPolicyId).toBeDefined();
  });

  it('deploys portal/dist into the bucket and invalidates index.html', () => {
    template.hasResourceProperties('Custom::CDKBucketDeployment', { DistributionPaths: ['/index.html'] });
  });
});
