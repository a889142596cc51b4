import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { portalDistDir } from '../portal/build.js';
import { referenceDocumentPath } from '../tools/openapi/portal-reference.js';
import {
  apiPathPatterns,
  deployedReferenceContentSecurityPolicy,
  referenceIndexFunctionCode,
  referencePathPatterns,
  viewerIpFunctionCode,
} from '../infra/portal-stack.js';
import { edgeWebAclArnParameter } from '../infra/edge-firewall-stack.js';
import { buildSignet } from '../infra/signet.js';
import { stageConfig } from '../infra/stage-config.js';
import { templateApp } from './support/cdk-app.js';

/** The developer portal deployed: a private bucket behind CloudFront (OAC), the API on the same origin. */
// With the deploy settings of docs/operations.md (Facebook sign-in, the portal's own domain): one synth for both.
const app = templateApp({
  stage: 'dev',
  facebookAppId: '123456789012345',
  facebookAppSecretName: 'signet/dev/facebook-app-secret',
  portalDomain: 'Developers.Example.com',
  portalCertificateArn: 'arn:aws:acm:us-east-1:111122223333:certificate/abcd-1234',
});
const { portal, api, edge } = buildSignet(app);
const template = Template.fromStack(portal);

type Behavior = {
  PathPattern: string;
  TargetOriginId: string;
  AllowedMethods: string[];
  CachePolicyId: string;
  OriginRequestPolicyId?: string;
  ResponseHeadersPolicyId?: { Ref: string };
  FunctionAssociations?: { EventType: string; FunctionARN: unknown }[];
};
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
    // Standard logging (legacy) would write the query string, where session keys travel.
    expect(distribution.Logging).toBeUndefined();
  });

  it('routes /api/* and /auth/* to API Gateway, uncached, with every viewer header but Host', () => {
    expect(distribution.CacheBehaviors.map((behavior) => behavior.PathPattern).sort()).toEqual([...apiPathPatterns, ...referencePathPatterns].sort());
    expect(apiPathPatterns).toEqual(expect.arrayContaining(['/api/*', '/auth/*']));
    const apiBehaviors = distribution.CacheBehaviors.filter((behavior) => (apiPathPatterns as readonly string[]).includes(behavior.PathPattern));
    const apiOrigin = distribution.Origins.find((origin) => origin.Id === apiBehaviors[0]!.TargetOriginId)!;
    expect(apiOrigin.CustomOriginConfig?.OriginProtocolPolicy).toBe('https-only');
    expect(JSON.stringify(apiOrigin.DomainName)).toContain(api.getLogicalId(api.api.node.defaultChild as never));
    // The stage path (/dev), cut from the API's URL at deploy time.
    expect(JSON.stringify(apiOrigin.OriginPath)).toMatch(/Fn::Select.*execute-api/);
    for (const behavior of apiBehaviors) {
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

  it('deploys portal/dist into the bucket and invalidates everything', () => {
    template.hasResourceProperties('Custom::CDKBucketDeployment', { DistributionPaths: ['/*'] });
  });

  it('serves the API reference (/docs, /openapi.json) from the bucket with the reference page CSP', () => {
    const reference = distribution.CacheBehaviors.filter((behavior) => (referencePathPatterns as readonly string[]).includes(behavior.PathPattern));
    expect(reference.map((behavior) => behavior.PathPattern).sort()).toEqual(['/docs', '/docs/*', '/openapi.json']);
    const policies = template.findResources('AWS::CloudFront::ResponseHeadersPolicy');
    for (const behavior of reference) {
      expect(behavior.TargetOriginId).toBe(distribution.DefaultCacheBehavior.TargetOriginId);
      expect(behavior.AllowedMethods).toEqual(['GET', 'HEAD']);
      const policy = policies[behavior.ResponseHeadersPolicyId!.Ref]!.Properties.ResponseHeadersPolicyConfig;
      expect(policy.SecurityHeadersConfig.ContentSecurityPolicy).toEqual({ ContentSecurityPolicy: deployedReferenceContentSecurityPolicy, Override: true });
      expect(behavior.FunctionAssociations?.map((association) => association.EventType) ?? []).toEqual(
        behavior.PathPattern === '/openapi.json' ? [] : ['viewer-request'],
      );
    }
    expect(deployedReferenceContentSecurityPolicy).toMatch(/script-src 'self'.*frame-ancestors 'none'$/);
    template.hasResourceProperties('AWS::CloudFront::Function', { FunctionCode: referenceIndexFunctionCode, FunctionConfig: Match.objectLike({ Runtime: 'cloudfront-js-2.0' }) });
  });

  it('the viewer-request function redirects /docs and serves /docs/ as /docs/index.html', () => {
    const handler = new Function(`${referenceIndexFunctionCode}; return handler;`)() as (event: { request: { uri: string } }) => unknown;
    expect(handler({ request: { uri: '/docs' } })).toMatchObject({ statusCode: 301, headers: { location: { value: '/docs/' } } });
    expect(handler({ request: { uri: '/docs/' } })).toEqual({ uri: '/docs/index.html' });
    expect(handler({ request: { uri: '/docs/swagger-ui.css' } })).toEqual({ uri: '/docs/swagger-ui.css' });
  });

  it('the portal build (synthesized with the stack) holds the reference and the document, served from the same origin', () => {
    for (const file of ['docs/index.html', 'docs/reference.js', 'docs/swagger-ui-bundle.js', 'docs/swagger-ui.css']) {
      expect(readFileSync(join(portalDistDir, file)).length).toBeGreaterThan(0);
    }
    const committed = JSON.parse(readFileSync(referenceDocumentPath, 'utf8')) as { paths: unknown; servers: unknown };
    for (const copy of ['openapi.json', 'docs/openapi.json']) {
      const deployed = JSON.parse(readFileSync(join(portalDistDir, copy), 'utf8')) as { paths: unknown; servers: { url: string }[] };
      expect(deployed.paths).toEqual(committed.paths);
      expect(deployed.servers.map((server) => server.url)).toEqual(['/']);
    }
  });
});

describe('issue 21: the edge', () => {
  const apiOrigin = () => distribution.Origins.find((origin) => origin.CustomOriginConfig !== undefined) as unknown as { OriginCustomHeaders?: { HeaderName: string; HeaderValue: unknown }[] };

  it('sends X-Origin-Verify to the API, its value resolved from the Secrets Manager secret', () => {
    const headers = apiOrigin().OriginCustomHeaders ?? [];
    expect(headers.map((header) => header.HeaderName)).toEqual(['X-Origin-Verify']);
    expect(JSON.stringify(headers[0]?.HeaderValue)).toContain('{{resolve:secretsmanager:signet/dev/cloudfront-origin-secret:SecretString:::}}');
    const functions = Template.fromStack(api).findResources('AWS::Lambda::Function');
    const login = Object.values(functions).find((fn) => JSON.stringify(fn.Properties.Environment ?? {}).includes('CLOUDFRONT_ORIGIN_SECRET_ARN'));
    expect(login).toBeDefined();
  });

  it('forwards CloudFront-Viewer-Address to the API (AllViewerExceptHostHeader adds the CloudFront headers)', () => {
    const apiBehaviors = distribution.CacheBehaviors.filter((behavior) => ['/api/*', '/auth/*'].includes(behavior.PathPattern));
    expect(apiBehaviors).toHaveLength(2);
    // the managed AllViewerExceptHostHeader policy
    for (const behavior of apiBehaviors) expect(behavior.OriginRequestPolicyId).toBe('b689b0a8-53d0-40ab-baf2-68738e2966ac');
  });

  it('gives the distribution a web ACL of its own: scope CLOUDFRONT in us-east-1, per-viewer rate rules with the contract bodies', () => {
    expect(edge.region).toBe('us-east-1');
    const edgeTemplate = Template.fromStack(edge);
    const acl = Object.values(edgeTemplate.findResources('AWS::WAFv2::WebACL'))[0]!.Properties;
    expect(acl).toMatchObject({ Scope: 'CLOUDFRONT', DefaultAction: { Allow: {} } });
    const config = stageConfig({ stage: 'dev' });
    const rules = acl.Rules as { Name: string; Statement: { RateBasedStatement: Record<string, unknown> }; Action: { Block: { CustomResponse: Record<string, unknown> } }; VisibilityConfig: { SampledRequestsEnabled: boolean } }[];
    expect(rules.map((rule) => rule.Name)).toEqual(['RateLimitCredentialsPerIp', 'RateLimitAuthPerIp', 'RateLimitOtherPerIp']);
    expect(rules.map((rule) => rule.Statement.RateBasedStatement.Limit)).toEqual([config.firewall.credentialRequestsPerIp, config.firewall.requestsPerIp, config.firewall.requestsPerIp]);
    for (const rule of rules) {
      // at CloudFront, WAF sees the viewer's own address
      expect(rule.Statement.RateBasedStatement.AggregateKeyType).toBe('IP');
      expect(rule.Action.Block.CustomResponse).toMatchObject({ ResponseCode: 429 });
      expect(rule.VisibilityConfig.SampledRequestsEnabled).toBe(false);
    }
    expect(JSON.parse(acl.CustomResponseBodies['rateLimited-auth'].Content)).toMatchObject({ error: { name: 'rate_limited' } });
    edgeTemplate.hasResourceProperties('AWS::SSM::Parameter', { Name: edgeWebAclArnParameter('dev'), Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^WebAcl'), 'Arn'] } });
  });

  it('associates the edge web ACL with the distribution (its ARN read from SSM in us-east-1 at deploy time)', () => {
    const webAclId = (distribution as unknown as { WebACLId: { 'Fn::GetAtt': [string, string] } }).WebACLId;
    expect(webAclId['Fn::GetAtt'][1]).toBe('Parameter.Value');
    const reader = template.findResources('Custom::AWS')[webAclId['Fn::GetAtt'][0]]!.Properties;
    const call = JSON.parse(JSON.stringify(reader.Create).replace(/^"|"$/g, '').replace(/\\"/g, '"')) as Record<string, unknown>;
    expect(call).toMatchObject({ service: 'SSM', action: 'GetParameter', region: 'us-east-1', parameters: { Name: edgeWebAclArnParameter('dev') } });
    expect(portal.dependencies).toContain(edge);
  });

  it('sets x-signet-viewer-ip from the viewer on every API request (the regional web ACL counts verified requests by it)', () => {
    const viewerIp = Object.entries(template.findResources('AWS::CloudFront::Function')).find(([, fn]) => fn.Properties.FunctionCode === viewerIpFunctionCode);
    expect(viewerIp).toBeDefined();
    const apiBehaviors = distribution.CacheBehaviors.filter((behavior) => (apiPathPatterns as readonly string[]).includes(behavior.PathPattern));
    expect(apiBehaviors).toHaveLength(apiPathPatterns.length);
    for (const behavior of apiBehaviors) {
      expect(behavior.FunctionAssociations).toEqual([{ EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [viewerIp![0], 'FunctionARN'] } }]);
    }
  });

  it('keeps no CloudFront log that would hold the query string (session keys)', () => {
    expect(distribution.Logging).toBeUndefined();
    template.resourceCountIs('AWS::CloudFront::RealtimeLogConfig', 0);
    template.resourceCountIs('AWS::Logs::Delivery', 0);
  });
});

/** Facebook sign-in and the portal's own domain are deploy settings (-c ...), not code edits (docs/operations.md). */
describe('deploy settings', () => {
  it('gives the functions that check Facebook tokens the app id and its secret by name, never its value (issue 26: no secret in configuration)', () => {
    const stackTemplate = Template.fromStack(api);
    // No secret value in any function; the one dynamic reference is the origin secret in the regional web ACL (issue 21).
    expect(JSON.stringify(stackTemplate.findResources('AWS::Lambda::Function'))).not.toContain('resolve:secretsmanager');
    const withReference = Object.entries(stackTemplate.toJSON().Resources as Record<string, { Type: string }>).filter(([, resource]) => JSON.stringify(resource).includes('resolve:secretsmanager'));
    expect(withReference.map(([, resource]) => resource.Type)).toEqual(['AWS::WAFv2::WebACL']);
    const functions = stackTemplate.findResources('AWS::Lambda::Function');
    const withFacebook = Object.values(functions).filter(
      (fn) => (fn as { Properties: { Environment?: { Variables?: Record<string, unknown> } } }).Properties.Environment?.Variables?.FACEBOOK_APP_ID === '123456789012345',
    );
    expect(withFacebook).toHaveLength(2); // auth-login and auth-delete-user (a Facebook user confirms deletion with a token)
    for (const fn of withFacebook) {
      const variables = (fn as { Properties: { Environment: { Variables: Record<string, unknown> } } }).Properties.Environment.Variables;
      expect(variables.FACEBOOK_APP_SECRET_ID).toBe('signet/dev/facebook-app-secret');
      expect(variables.FACEBOOK_APP_SECRET ?? '').toBe('');
    }
    const readsFacebookSecret = Object.values(stackTemplate.findResources('AWS::IAM::Policy')).filter((policy) => JSON.stringify(policy).includes('secret:signet/dev/facebook-app-secret'));
    expect(readsFacebookSecret).toHaveLength(2);
  });

  it('serves the portal on its own domain with a us-east-1 certificate', () => {
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['developers.example.com'],
        ViewerCertificate: Match.objectLike({ AcmCertificateArn: 'arn:aws:acm:us-east-1:111122223333:certificate/abcd-1234', MinimumProtocolVersion: 'TLSv1.2_2021' }),
      }),
    });
  });

  it('refuses half a setting or a certificate CloudFront cannot use', () => {
    expect(() => stageConfig({ facebookAppId: '123' })).toThrow(/both -c facebookAppId and -c facebookAppSecretName/);
    expect(() => stageConfig({ facebookAppId: 'abc', facebookAppSecretName: 'x' })).toThrow(/numeric/);
    expect(() => stageConfig({ portalDomain: 'developers.example.com' })).toThrow(/portalCertificateArn/);
    expect(() => stageConfig({ portalDomain: 'd.example.com', portalCertificateArn: 'arn:aws:acm:eu-west-1:1:certificate/x' })).toThrow(/us-east-1/);
  });
});
