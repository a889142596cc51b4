import { Annotations, CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import {
  AccessLogFormat,
  EndpointType,
  LambdaIntegration,
  LogGroupLogDestination,
  MethodLoggingLevel,
  type Method,
  ResponseType,
  RestApi,
  SecurityPolicy,
  type IResource,
} from 'aws-cdk-lib/aws-apigateway';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Alias, Architecture, Function, Runtime, Tracing, type CfnFunction, type IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Secret, type ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { fallbackFunction, routes, type Route } from '../lib/routes.js';
import { handlerCode } from './bundling.js';
import { acknowledgeFinding } from './reviewed-findings.js';
import { deployedEnvironment, functionNeeds } from './function-environment.js';
import { Observability } from './observability.js';
import { appliedReservedConcurrency, provisionedConcurrencyOf, totalReservedConcurrency, type StageConfig } from './stage-config.js';
import { MailSending } from './mail.js';
import { grantTableAccess } from './table-access.js';
import { ApiFirewall } from './waf.js';

/** The functions that run the password KDF (scrypt) on their path: the memory size buys them a whole vCPU. */
export const kdfFunctions: ReadonlySet<string> = new Set(['auth-login', 'auth-add-user', 'auth-change-password', 'auth-reset-password', 'auth-delete-user']);

export interface ApiStackProps extends StackProps {
  config: StageConfig;
  table: ITable;
  /** The client-secret pepper (data stack): its ARN goes to the functions that need it, with read access. */
  clientSecretPepper: ISecret;
  cloudFrontOriginSecret: ISecret;
}

/** `auth-get-login-status` -> `AuthGetLoginStatus`: the function's logical id prefix. */
/** The functions that check Facebook access tokens: sign-in, and deletion's confirmation. */
const facebookFunctions = new Set(['auth-login', 'auth-delete-user']);

export function functionId(name: string): string {
  return name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/**
 * One JSON line per request. `status` and `responseLatency` are numbers so metric
 * filters can compare them; `stage` is the dimension of the throttled-responses metric.
 */
export const accessLogFormat = AccessLogFormat.custom(
  [
    '{"requestId":"$context.requestId"',
    '"stage":"$context.stage"',
    '"ip":"$context.identity.sourceIp"',
    '"requestTime":"$context.requestTime"',
    '"httpMethod":"$context.httpMethod"',
    '"resourcePath":"$context.resourcePath"',
    '"status":$context.status',
    '"protocol":"$context.protocol"',
    '"responseLength":"$context.responseLength"',
    '"responseLatency":$context.responseLatency',
    '"integrationLatency":"$context.integrationLatency"',
    '"errorType":"$context.error.responseType"',
    '"xrayTraceId":"$context.xrayTraceId"}',
  ].join(','),
);

/**
 * Gateway-generated errors (throttling, oversized bodies, integration failures) in the
 * /api body format. WAF_FILTERED is a block by an AWS managed rule group (the firewall's
 * own rate and size blocks carry their own 429/413 bodies, infra/waf.ts).
 */
const gatewayErrors: Array<[ResponseType, string, string?]> = [
  [ResponseType.DEFAULT_4XX, 'invalid_request'],
  [ResponseType.DEFAULT_5XX, 'unavailable', '503'],
  [ResponseType.THROTTLED, 'rate_limited'],
  [ResponseType.QUOTA_EXCEEDED, 'rate_limited'],
  [ResponseType.REQUEST_TOO_LARGE, 'payload_too_large'],
  [ResponseType.WAF_FILTERED, 'forbidden', '403'],
  [ResponseType.MISSING_AUTHENTICATION_TOKEN, 'not_found', '404'],
  [ResponseType.UNSUPPORTED_MEDIA_TYPE, 'unsupported_media_type'],
];

/**
 * One Lambda per route of lib/routes.ts behind one REST API. Paths no route
 * serves, and other methods on served paths, go to the fallback function.
 */
export class ApiStack extends Stack {
  readonly api: RestApi;
  readonly functions = new Map<string, Function>();
  readonly methods: Method[] = [];
  readonly accessLogs: LogGroup;
  readonly observability: Observability;
  readonly firewall: ApiFirewall;
  /** The base URL integrators call, passed to the functions as PUBLIC_BASE_URL. */
  readonly publicBaseUrl: string;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { config, table, clientSecretPepper, cloudFrontOriginSecret } = props;

    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: config.logRetention, removalPolicy: config.removalPolicy });
    this.accessLogs = accessLogs;
    this.api = new RestApi(this, 'Api', {
      restApiName: `signet-${config.stage}`,
      description: 'Signet identity and license-status API',
      // Regional: the portal's CloudFront is the only edge; an edge-optimized API would add a second CloudFront hop.
      endpointTypes: [EndpointType.REGIONAL],
      // The account's API Gateway CloudWatch role is one per region: infra/api-gateway-account-stack.ts owns it.
      cloudWatchRole: false,
      deployOptions: {
        stageName: config.stage,
        throttlingRateLimit: config.throttleRateLimit,
        throttlingBurstLimit: config.throttleBurstLimit,
        tracingEnabled: true,
        metricsEnabled: config.detailedMetrics,
        loggingLevel: MethodLoggingLevel.ERROR,
        accessLogDestination: new LogGroupLogDestination(accessLogs),
        accessLogFormat,
      },
    });
    for (const [type, error, statusCode] of gatewayErrors) {
      this.api.addGatewayResponse(`Gateway${type.responseType}`, {
        type,
        statusCode,
        responseHeaders: { 'Content-Type': "'application/json'" },
        templates: { 'application/json': `{"ok":false,"error":"${error}","message":$context.error.messageString}` },
      });
    }

    // The execution log group (LoggingLevel ERROR), made here with the stage's retention before
    // the stage exists: otherwise API Gateway creates it on first use, and it never expires.
    const executionLogs = new LogGroup(this, 'ExecutionLogs', {
      logGroupName: `API-Gateway-Execution-Logs_${this.api.restApiId}/${config.stage}`,
      retention: config.logRetention,
      removalPolicy: config.removalPolicy,
    });
    this.api.deploymentStage.node.addDependency(executionLogs);

    // `-c publicBaseUrl` (a custom domain) or the execute-api URL, built from the API id
    // rather than the deployment so functions can know it without a dependency cycle;
    // the partition's own DNS suffix (amazonaws.com, amazonaws.com.cn).
    const publicBaseUrl = config.publicBaseUrl ?? `https://${this.api.restApiId}.execute-api.${this.region}.${this.urlSuffix}/${config.stage}`;
    this.publicBaseUrl = publicBaseUrl;
    const customBasePath = config.publicBaseUrl ? new URL(config.publicBaseUrl).pathname.replace(/^\/+|\/+$/g, '') : '';
    if (config.publicBaseUrl && config.certificateArn) this.mapCustomDomain(config.publicBaseUrl, config.certificateArn);

    this.firewall = new ApiFirewall(this, 'Firewall', {
      config,
      stage: this.api.deploymentStage,
      pathPrefixes: [config.stage, customBasePath],
      // A CloudFormation dynamic reference, resolved at deploy time: the value is in the web ACL, never in a function's configuration.
      originSecret: cloudFrontOriginSecret.secretValue.unsafeUnwrap(),
    });

    if (Object.keys(config.reservedConcurrency).length > 0 && config.concurrencyQuota === undefined) {
      Annotations.of(this).addWarningV2(
        'signet:reservedConcurrencyOff',
        `Reserved concurrency is off: this stage wants ${totalReservedConcurrency(config.reservedConcurrency)} reserved executions, applied only with ` +
          "-c concurrencyQuota=<the account's Lambda concurrent-executions quota> (docs/operations.md, First deploy).",
      );
    }

    const mail = new MailSending(this, 'Mail', { domain: config.mailDomain });

    const makeFunction = (name: string, route: Route | undefined): Function => {
      const existing = this.functions.get(name);
      if (existing) return existing;
      const logGroup = new LogGroup(this, `${functionId(name)}Logs`, { retention: config.logRetention, removalPolicy: config.removalPolicy });
      const fn = new Function(this, functionId(name), {
        code: handlerCode(this, 'functions', name),
        handler: 'index.handler',
        runtime: Runtime.NODEJS_22_X,
        architecture: Architecture.ARM_64,
        // scrypt (CPU-bound, one thread) at 1769 MB has a whole vCPU: the same GB-s as 1024 MB, 1.7x sooner (docs/performance.md).
        memorySize: kdfFunctions.has(name) ? 1769 : 512,
        timeout: Duration.seconds(10),
        tracing: Tracing.ACTIVE,
        logGroup,
        reservedConcurrentExecutions: appliedReservedConcurrency(config, name),
        environment: deployedEnvironment(functionNeeds(route), {
          stage: config.stage,
          logLevel: config.logLevel,
          publicBaseUrl,
          tableName: table.tableName,
          clientSecretPepperSecretArn: clientSecretPepper.secretArn,
          cloudFrontOriginSecretArn: cloudFrontOriginSecret.secretArn,
          mailFrom: mail.from,
          portalUrl: config.portalUrl,
          // Only the functions that check Facebook tokens get the app; its secret by name, read with the SDK (never its value).
          ...(config.facebook && facebookFunctions.has(name) ? { facebook: { appId: config.facebook.appId, appSecretId: config.facebook.appSecretName } } : {}),
        }),
      });
      grantTableAccess(fn, route, table);
      if (functionNeeds(route).clientSecretPepper) clientSecretPepper.grantRead(fn);
      cloudFrontOriginSecret.grantRead(fn);
      if (route?.mail) mail.grantSend(fn);
      if (config.facebook && facebookFunctions.has(name)) Secret.fromSecretNameV2(this, `${functionId(name)}FacebookSecret`, config.facebook.appSecretName).grantRead(fn);
      this.functions.set(name, fn);
      return fn;
    };

    // One function behind many methods gets one API-wide permission instead of two per method:
    // the fallback serves ~24 methods, and per-method permissions outgrow Lambda's 20 KB policy limit.
    const methodCount = new Map<string, number>();
    for (const route of routes) methodCount.set(route.function, (methodCount.get(route.function) ?? 0) + 1);
    // A function with provisioned concurrency (a stage setting, off by default) is called through its `live` alias.
    const liveAliases = new Map<Function, Alias>();
    const targetOf = (fn: Function, name: string): IFunction => {
      const provisioned = provisionedConcurrencyOf(config, name);
      if (provisioned === 0) return fn;
      const alias = liveAliases.get(fn) ?? fn.addAlias('live', { provisionedConcurrentExecutions: provisioned });
      liveAliases.set(fn, alias);
      return alias;
    };
    const integrationOf = (fn: IFunction, manyMethods: boolean) => new LambdaIntegration(fn, manyMethods ? { scopePermissionToMethod: false } : {});
    const fallback = integrationOf(makeFunction(fallbackFunction, undefined), true);
    const withFallback = new Set<IResource>();
    const addFallback = (resource: IResource) => {
      if (withFallback.has(resource)) return;
      withFallback.add(resource);
      this.methods.push(resource.addMethod('ANY', fallback));
    };

    addFallback(this.api.root);
    this.methods.push(this.api.root.addResource('{proxy+}').addMethod('ANY', fallback));
    for (const route of routes) {
      const resource = this.api.root.resourceForPath(route.path);
      this.methods.push(resource.addMethod(route.method, integrationOf(targetOf(makeFunction(route.function, route), route.function), methodCount.get(route.function)! > 1)));
      addFallback(resource);
    }

    this.observability = new Observability(this, 'Observability', {
      config,
      api: this.api,
      accessLogs,
      functions: this.functions,
      table,
    });

    this.acknowledgeReviewedFindings();

    new CfnOutput(this, 'PublicBaseUrl', { value: publicBaseUrl, description: 'PUBLIC_BASE_URL of the functions' });
    new CfnOutput(this, 'DashboardName', { value: this.observability.dashboard.dashboardName });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.observability.alarmTopic.topicArn, description: 'Subscribe on-call here' });
  }

  /**
   * cdk-nag AwsSolutions findings that are deliberate, each with its reason, on the
   * narrowest scope (test/cdk-nag.test.ts fails on any other finding).
   */
  private acknowledgeReviewedFindings(): void {
    const functionRoles = [...this.functions.values()].map((fn) => fn.role!);
    acknowledgeFinding(
      functionRoles,
      'AwsSolutions-IAM4',
      'AWSLambdaBasicExecutionRole only lets a function write its own logs; it is the role AWS documents for Lambda logging.',
      ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
    );
    acknowledgeFinding(
      functionRoles,
      'AwsSolutions-IAM5',
      'X-Ray PutTraceSegments and PutTelemetryRecords have no resource-level permissions: Resource "*" is what AWS requires for active tracing.',
      ['Resource::*'],
    );
    acknowledgeFinding(
      [...this.functions.values()],
      'AwsSolutions-L1',
      'Node.js 22 is the runtime the project pins and tests (package.json engines, esbuild target node22); it is upgraded deliberately, not to the newest runtime CDK knows.',
    );
    acknowledgeFinding(
      this.api,
      'AwsSolutions-APIG2',
      'Requests are validated in each function (zod schemas, lib/http/handler.ts): the contract fixes the order of checks (route, authentication, content type, parsing, validation) and the body of every failure, which API Gateway request validation would answer first, in its own format.',
    );
    acknowledgeFinding(
      this.methods,
      'AwsSolutions-APIG4',
      '/auth/login, /auth/add-user, /auth/get-login-status and /health are public by design; every other route authenticates in its function (session keys or HTTP Basic client secrets, docs/security.md) so that 401/403 answers follow the contract; the fallback only answers 404/405.',
    );
    acknowledgeFinding(
      this.methods,
      'AwsSolutions-COG4',
      'Signet is itself the identity service: its users and sessions live in its own table, not in a Cognito user pool (see AwsSolutions-APIG4).',
    );
  }

  /** The function's logical id in the synthesized template (what `sam local invoke` and env.local.json use). */
  functionLogicalId(name: string): string {
    const fn = this.functions.get(name);
    if (!fn) throw new Error(`No function "${name}" in the API stack`);
    return this.getLogicalId(fn.node.defaultChild as CfnFunction);
  }

  /** A regional custom domain for `-c publicBaseUrl` with `-c certificateArn`; DNS points the host at the output target. */
  private mapCustomDomain(publicBaseUrl: string, certificateArn: string): void {
    const url = new URL(publicBaseUrl);
    const basePath = url.pathname.replace(/^\/+|\/+$/g, '');
    const domain = this.api.addDomainName('CustomDomain', {
      domainName: url.hostname,
      certificate: Certificate.fromCertificateArn(this, 'CustomDomainCertificate', certificateArn),
      endpointType: EndpointType.REGIONAL,
      securityPolicy: SecurityPolicy.TLS_1_2,
      ...(basePath ? { basePath } : {}),
    });
    new CfnOutput(this, 'CustomDomainTarget', {
      value: domain.domainNameAliasDomainName,
      description: `CNAME (or Route 53 alias) target for ${url.hostname}`,
    });
  }
}
