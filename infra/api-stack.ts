import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import {
  AccessLogFormat,
  LambdaIntegration,
  LogGroupLogDestination,
  MethodLoggingLevel,
  ResponseType,
  RestApi,
  type IResource,
} from 'aws-cdk-lib/aws-apigateway';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { join } from 'node:path';
import { fallbackFunction, routes, type Route } from '../lib/routes.js';
import { functionBundling } from './bundling.js';
import type { StageConfig } from './stage-config.js';

export interface ApiStackProps extends StackProps {
  config: StageConfig;
  table: ITable;
}

const projectRoot = join(import.meta.dirname, '..');

/** `auth-get-login-status` -> `AuthGetLoginStatus`: the function's logical id prefix. */
export function functionId(name: string): string {
  return name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/** Gateway-generated errors (throttling, oversized bodies, integration failures) in the /api body format. */
const gatewayErrors: Array<[ResponseType, string, string?]> = [
  [ResponseType.DEFAULT_4XX, 'invalid_request'],
  [ResponseType.DEFAULT_5XX, 'unavailable', '503'],
  [ResponseType.THROTTLED, 'rate_limited'],
  [ResponseType.QUOTA_EXCEEDED, 'rate_limited'],
  [ResponseType.REQUEST_TOO_LARGE, 'payload_too_large'],
  [ResponseType.WAF_FILTERED, 'rate_limited', '429'],
  [ResponseType.MISSING_AUTHENTICATION_TOKEN, 'not_found', '404'],
  [ResponseType.UNSUPPORTED_MEDIA_TYPE, 'unsupported_media_type'],
];

/**
 * One Lambda per route of lib/routes.ts behind one REST API. Paths no route
 * serves, and other methods on served paths, go to the fallback function.
 */
export class ApiStack extends Stack {
  readonly api: RestApi;
  readonly functions = new Map<string, NodejsFunction>();

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { config, table } = props;

    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: config.logRetention, removalPolicy: config.removalPolicy });
    this.api = new RestApi(this, 'Api', {
      restApiName: `signet-${config.stage}`,
      description: 'Signet identity and license-status API',
      cloudWatchRole: true,
      deployOptions: {
        stageName: config.stage,
        throttlingRateLimit: config.throttleRateLimit,
        throttlingBurstLimit: config.throttleBurstLimit,
        tracingEnabled: true,
        metricsEnabled: true,
        loggingLevel: MethodLoggingLevel.ERROR,
        accessLogDestination: new LogGroupLogDestination(accessLogs),
        accessLogFormat: AccessLogFormat.jsonWithStandardFields(),
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

    // Built from the API id, not the deployment, so functions can know it without a dependency cycle.
    const publicBaseUrl = `https://${this.api.restApiId}.execute-api.${this.region}.amazonaws.com/${config.stage}`;

    const makeFunction = (name: string, access: Route['table']): NodejsFunction => {
      const existing = this.functions.get(name);
      if (existing) return existing;
      const logGroup = new LogGroup(this, `${functionId(name)}Logs`, { retention: config.logRetention, removalPolicy: config.removalPolicy });
      const fn = new NodejsFunction(this, functionId(name), {
        entry: join(projectRoot, 'functions', name, 'handler.ts'),
        handler: 'handler',
        projectRoot,
        depsLockFilePath: join(projectRoot, 'package-lock.json'),
        runtime: Runtime.NODEJS_22_X,
        architecture: Architecture.ARM_64,
        memorySize: name === 'auth-login' || name === 'auth-add-user' ? 1024 : 512,
        timeout: Duration.seconds(10),
        tracing: Tracing.ACTIVE,
        logGroup,
        bundling: functionBundling,
        environment: {
          SIGNET_STAGE: config.stage,
          PUBLIC_BASE_URL: publicBaseUrl,
          ...(access === 'none' ? {} : { TABLE_NAME: table.tableName }),
        },
      });
      if (access === 'read') table.grantReadData(fn);
      if (access === 'readWrite') table.grantReadWriteData(fn);
      this.functions.set(name, fn);
      return fn;
    };

    const fallback = new LambdaIntegration(makeFunction(fallbackFunction, 'none'));
    const withFallback = new Set<IResource>();
    const addFallback = (resource: IResource) => {
      if (withFallback.has(resource)) return;
      withFallback.add(resource);
      resource.addMethod('ANY', fallback);
    };

    addFallback(this.api.root);
    this.api.root.addResource('{proxy+}').addMethod('ANY', fallback);
    for (const route of routes) {
      const resource = this.api.root.resourceForPath(route.path);
      resource.addMethod(route.method, new LambdaIntegration(makeFunction(route.function, route.table)));
      addFallback(resource);
    }
  }
}
