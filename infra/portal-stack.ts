import { CfnOutput, Duration, SecretValue, Stack, type StackProps } from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  Function as CloudFrontFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HttpVersion,
  OriginRequestPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
  type BehaviorOptions,
  type ErrorResponse,
} from 'aws-cdk-lib/aws-cloudfront';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import { RestApiOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership, type CfnBucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import type { Construct } from 'constructs';
import { ensurePortalBuilt, portalDistDir } from '../portal/build.js';
import { portalContentSecurityPolicy, referencePageHeaderPolicy } from '../portal/headers.js';
import { acknowledgeFinding } from './reviewed-findings.js';
import { cloudFrontOriginSecretName } from './data-stack.js';
import { edgeRegion, edgeWebAclArnParameter } from './edge-firewall-stack.js';
import { viewerIpHeaderName } from './waf.js';
import type { StageConfig } from './stage-config.js';

export interface PortalStackProps extends StackProps {
  config: StageConfig;
  api: RestApi;
}

/**
 * Error answers CloudFront must not cache: by default it keeps a 4xx/5xx for 10 s and serves
 * it to the next caller at that edge (a GET such as /auth/get-login-status?... included). A
 * 0 s error-caching TTL and no response page: the origin's own body goes through unchanged.
 */
export const uncachedErrorStatuses = [400, 403, 404, 405, 500, 502, 503, 504] as const;
const errorResponses: ErrorResponse[] = uncachedErrorStatuses.map((httpStatus) => ({ httpStatus, ttl: Duration.seconds(0) }));

/** What a release invalidates: everything (cheap: one path; hashed assets are re-fetched once). */
export const invalidationPaths = ['/*'];

/** The origin header whose value proves a request came through this distribution (lib/http/client-address.ts). */
export const originVerifyHeaderName = 'X-Origin-Verify';

/**
 * On every API request: the viewer's IP in x-signet-viewer-ip, overwriting whatever the client
 * sent, for the regional WAF's per-viewer rate rules (infra/waf.ts; it trusts the header only
 * beside the matching X-Origin-Verify).
 */
export const viewerIpFunctionCode = `function handler(event) {
  var request = event.request;
  request.headers['${viewerIpHeaderName}'] = { value: event.viewer.ip };
  return request;
}`;

/** The paths CloudFront sends to API Gateway. */
export const apiPathPatterns = ['/api/*', '/auth/*', '/health'] as const;

/**
 * The API reference, served from the bucket: the portal build writes it under docs/ and
 * /openapi.json (the OpenAPI generator's portal-reference.ts), with the reference page's own CSP.
 */
export const referencePathPatterns = ['/docs', '/docs/*', '/openapi.json'] as const;

/** The reference page's CSP as CloudFront sends it: the page's own policy, and no framing. */
export const deployedReferenceContentSecurityPolicy = referencePageHeaderPolicy;

/**
 * S3 has no directory index: `/docs` redirects to `/docs/` (the page's relative URLs need
 * the slash, as the local server's docs routes do) and `/docs/` reads `/docs/index.html`.
 */
export const referenceIndexFunctionCode = `function handler(event) {
  var request = event.request;
  if (request.uri === '/docs') {
    return { statusCode: 301, statusDescription: 'Moved Permanently', headers: { location: { value: '/docs/' } } };
  }
  if (request.uri.endsWith('/')) request.uri += 'index.html';
  return request;
}`;

/**
 * The developer portal deployed: its built files (portal/dist, the API reference
 * included) in a private S3 bucket, read by CloudFront through origin access control,
 * and the API on the same origin (`/api/*`, `/auth/*` to API Gateway), so the
 * admin-session cookie is first-party and same-origin as it is under `npm start`.
 */
export class PortalStack extends Stack {
  readonly bucket: Bucket;
  readonly distribution: Distribution;

  constructor(scope: Construct, id: string, props: PortalStackProps) {
    super(scope, id, props);
    const { config, api } = props;

    // dev can be destroyed: its buckets are emptied first (a custom resource of aws-cdk-lib); prod's are kept.
    const autoDeleteObjects = config.stage === 'dev';
    // The site bucket's S3 server access logs (aws-cdk-lib grants S3 log delivery through the LogDeliveryWrite ACL: object writer).
    const logs = new Bucket(this, 'Logs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.OBJECT_WRITER,
      lifecycleRules: [{ expiration: Duration.days(config.stage === 'prod' ? 90 : 7) }],
      removalPolicy: config.removalPolicy,
      autoDeleteObjects,
    });
    this.bucket = new Bucket(this, 'Site', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 's3/',
      removalPolicy: config.removalPolicy,
      autoDeleteObjects,
    });

    const portalHeaders = new ResponseHeadersPolicy(this, 'PortalHeaders', {
      comment: 'Strict CSP and hardening headers of the developer portal (portal/headers.ts, as served locally)',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: portalContentSecurityPolicy, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: 'DENY' as never, override: true },
        referrerPolicy: { referrerPolicy: 'no-referrer' as never, override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(730), includeSubdomains: true, override: true },
      },
    });

    const referenceHeaders = new ResponseHeadersPolicy(this, 'ReferenceHeaders', {
      comment: 'CSP of the API reference page (Swagger UI; portal/headers.ts) and hardening headers',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: deployedReferenceContentSecurityPolicy, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: 'DENY' as never, override: true },
        referrerPolicy: { referrerPolicy: 'no-referrer' as never, override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(730), includeSubdomains: true, override: true },
      },
    });
    const referenceIndex = new CloudFrontFunction(this, 'ReferenceIndex', {
      comment: 'The API reference: /docs to /docs/, and /docs/ to /docs/index.html',
      code: FunctionCode.fromInline(referenceIndexFunctionCode),
      runtime: FunctionRuntime.JS_2_0,
    });
    const siteOrigin = S3BucketOrigin.withOriginAccessControl(this.bucket);
    const referenceBehavior = (withIndex: boolean): BehaviorOptions => ({
      origin: siteOrigin,
      viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
      cachePolicy: CachePolicy.CACHING_OPTIMIZED,
      responseHeadersPolicy: referenceHeaders,
      compress: true,
      ...(withIndex ? { functionAssociations: [{ function: referenceIndex, eventType: FunctionEventType.VIEWER_REQUEST }] } : {}),
    });

    const viewerIp = new CloudFrontFunction(this, 'ViewerIp', {
      comment: 'The viewer IP in x-signet-viewer-ip for the API web ACL',
      code: FunctionCode.fromInline(viewerIpFunctionCode),
      runtime: FunctionRuntime.JS_2_0,
    });
    // The edge web ACL (infra/edge-firewall-stack.ts, us-east-1): its ARN read from SSM there at deploy time.
    const edgeParameter = edgeWebAclArnParameter(config.stage);
    const edgeWebAcl = new AwsCustomResource(this, 'EdgeWebAclArn', {
      onUpdate: {
        service: 'SSM',
        action: 'GetParameter',
        parameters: { Name: edgeParameter },
        region: edgeRegion,
        physicalResourceId: PhysicalResourceId.of(edgeParameter),
      },
      policy: AwsCustomResourcePolicy.fromSdkCalls({
        resources: [this.formatArn({ service: 'ssm', region: edgeRegion, resource: 'parameter', resourceName: edgeParameter.slice(1) })],
      }),
      installLatestAwsSdk: false,
    });
    const apiBehavior: BehaviorOptions = {
      functionAssociations: [{ function: viewerIp, eventType: FunctionEventType.VIEWER_REQUEST }],
      // X-Origin-Verify (issue 21): the API trusts CloudFront-Viewer-Address only with this value
      // (lib/http/client-address.ts). CloudFormation resolves it from Secrets Manager at deploy time.
      origin: new RestApiOrigin(api, { customHeaders: { [originVerifyHeaderName]: SecretValue.secretsManager(cloudFrontOriginSecretName(config.stage)).unsafeUnwrap() } }),
      viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: AllowedMethods.ALLOW_ALL,
      cachePolicy: CachePolicy.CACHING_DISABLED,
      // Every header (cookie, session headers, X-Signet-Portal, Authorization), query and cookie, but not Host: API Gateway needs its own.
      // This managed policy also adds CloudFront's own headers, CloudFront-Viewer-Address among them (the viewer's ip:port).
      originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
    };
    this.distribution = new Distribution(this, 'Distribution', {
      comment: `Signet developer portal and API (${config.stage})`,
      ...(config.portalDomain
        ? {
            domainNames: [config.portalDomain.domainName],
            certificate: Certificate.fromCertificateArn(this, 'PortalCertificate', config.portalDomain.certificateArn),
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      // No CloudFront access logs: standard logging (legacy) always writes cs-uri-query, which
      // carries session keys (get-login-status?session_key=...). The API's requests are in its
      // access log (path and status, no query string); see docs/operations.md for edge logs.
      enableLogging: false,
      webAclId: edgeWebAcl.getResponseField('Parameter.Value'),
      errorResponses,
      defaultBehavior: {
        origin: siteOrigin,
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: portalHeaders,
        compress: true,
      },
      additionalBehaviors: Object.fromEntries([
        ...apiPathPatterns.map((pattern) => [pattern, apiBehavior]),
        ...referencePathPatterns.map((pattern) => [pattern, referenceBehavior(pattern !== '/openapi.json')]),
      ]),
    });

    ensurePortalBuilt();
    new BucketDeployment(this, 'PortalFiles', {
      sources: [Source.asset(portalDistDir)],
      destinationBucket: this.bucket,
      distribution: this.distribution,
      distributionPaths: invalidationPaths,
      memoryLimit: 256,
    });

    this.acknowledgeReviewedFindings();
    new CfnOutput(this, 'PortalUrl', {
      value: `https://${config.portalDomain?.domainName ?? this.distribution.distributionDomainName}/`,
      description: 'The developer portal (and the API on the same origin)',
    });
    // With -c portalDomain: point that name (CNAME, or a Route 53 alias) at this target.
    if (config.portalDomain) new CfnOutput(this, 'PortalDomainTarget', { value: this.distribution.distributionDomainName, description: `DNS target of ${config.portalDomain.domainName}` });
  }

  /** cdk-nag findings of the portal's resources that are deliberate, each with its reason (test/cdk-nag.test.ts). */
  private acknowledgeReviewedFindings(): void {
    acknowledgeFinding(
      this.distribution,
      'AwsSolutions-CFR1',
      'The developer portal and API serve integrators worldwide; no country is excluded by policy, so there is no geo restriction to configure.',
    );
    acknowledgeFinding(
      this.distribution,
      'AwsSolutions-CFR3',
      'CloudFront access logging is off on purpose: standard logging (legacy) always records the query string, and get-login-status carries session keys there. API requests are in the API access log (path, status, no query string); edge logs with chosen fields (standard logging v2) are described in docs/operations.md.',
    );
    acknowledgeFinding(
      this.distribution,
      'AwsSolutions-CFR4',
      'The distribution uses the default *.cloudfront.net certificate, for which CloudFront fixes the TLS policy; a custom domain with its own ACM certificate would set TLSv1.2_2021.',
    );
    // The custom resource that reads the edge web ACL's ARN (SSM GetParameter in us-east-1, that one parameter only).
    const reader = this.node.children.find((child) => child.node.id === 'AWS679f53fac002430cb0da5b7982bd2287');
    if (!reader) throw new Error('The AwsCustomResource handler was not found');
    acknowledgeFinding(
      reader.node.findChild('ServiceRole'),
      'AwsSolutions-IAM4',
      'AWSLambdaBasicExecutionRole only lets the custom resource function (it reads the edge web ACL ARN at deploy time) write its own logs.',
      ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
    );
    // The BucketDeployment custom resource: one singleton Lambda that copies portal/dist into the bucket at deploy time.
    const deployer = this.node.children.find((child) => child.node.id.startsWith('Custom::CDKBucketDeployment'));
    if (!deployer) throw new Error('The BucketDeployment handler was not found');
    const deployerRole = deployer.node.findChild('ServiceRole');
    acknowledgeFinding(
      deployerRole,
      'AwsSolutions-IAM4',
      'AWSLambdaBasicExecutionRole only lets the deployment function write its own logs; it is the role AWS documents for Lambda logging.',
      ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
    );
    const siteArn = `<${this.getLogicalId(this.bucket.node.defaultChild as CfnBucket)}.Arn>/*`;
    acknowledgeFinding(
      deployerRole,
      'AwsSolutions-IAM5',
      "CDK's BucketDeployment grants read on the CDK asset bucket's objects, read-write on the portal bucket's objects (it syncs and prunes every file), and cloudfront:CreateInvalidation, which CDK grants on '*'; all limited to deploy time.",
      ['Action::s3:Abort*', 'Action::s3:DeleteObject*', 'Action::s3:GetBucket*', 'Action::s3:GetObject*', 'Action::s3:List*', 'Resource::*', `Resource::${siteArn}`, 'Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*'],
    );
    acknowledgeFinding(
      deployer,
      'AwsSolutions-L1',
      "BucketDeployment's handler runtime is chosen by aws-cdk-lib and upgraded with it; it runs only during deployments.",
    );
  }
}
