import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, MathExpression, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Architecture, FilterCriteria, FilterRule, Function, Runtime, StartingPosition, Tracing } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { metricsNamespace } from '../lib/observability/metrics.js';
import { fanOutItemTypes } from '../lib/webhooks/stream-item.js';
import { handlerCode } from './bundling.js';
import { deployedEnvironment } from './function-environment.js';
import { acknowledgeFinding } from './reviewed-findings.js';
import type { StageConfig } from './stage-config.js';

export interface WebhooksStackProps extends StackProps {
  config: StageConfig;
  table: ITable;
  publicBaseUrl: string;
  alarmTopic: ITopic;
  /** The client-secret pepper (data stack): webhook secrets derive from it; its ARN goes to the functions, with read access. */
  clientSecretPepper: ISecret;
}

/**
 * Events and webhooks on AWS managed parts (docs/webhooks.md):
 * - the table's stream (NEW_IMAGE), filtered to event and dispatch INSERTs, drives the
 *   fan-out Lambda (bisect on error, partial batch responses, an on-failure queue);
 * - send jobs wait on SQS (delays up to 15 min, chained for longer) and the sender Lambda
 *   signs at send time; jobs that keep failing park in the dead-letter queue;
 * - EventBridge runs the expiry sweep every minute (status.expired within 60 s);
 * - alarms: events waiting for the fan-out (stream iterator age), parked jobs, failure
 *   rate, disabled endpoints. Each function gets only the DynamoDB actions and key
 *   prefixes its code uses.
 */
export class WebhooksStack extends Stack {
  readonly functions: Function[] = [];

  constructor(scope: Construct, id: string, props: WebhooksStackProps) {
    super(scope, id, props);
    const { config, table, clientSecretPepper } = props;
    const prefix = `signet-${config.stage}`;

    const deadLetters = new Queue(this, 'DeadLetters', {
      queueName: `${prefix}-webhook-dead-letters`,
      retentionPeriod: Duration.days(14),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    const sendQueue = new Queue(this, 'SendQueue', {
      queueName: `${prefix}-webhook-sends`,
      // Six times the sender's timeout, as AWS advises for Lambda consumers.
      visibilityTimeout: Duration.seconds(180),
      retentionPeriod: Duration.days(4),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deadLetterQueue: { queue: deadLetters, maxReceiveCount: 5 },
    });

    // Only the sender signs, so only it gets the pepper (webhook secrets derive from it).
    const makeFunction = (name: string, timeout: Duration, signs = false): Function => {
      const logGroup = new LogGroup(this, `${name}Logs`, { retention: config.logRetention, removalPolicy: config.removalPolicy });
      const fn = new Function(this, name, {
        code: handlerCode(this, 'workers', name.replace(/[A-Z]/g, (letter, index: number) => `${index > 0 ? '-' : ''}${letter.toLowerCase()}`)),
        handler: 'index.handler',
        runtime: Runtime.NODEJS_22_X,
        architecture: Architecture.ARM_64,
        memorySize: 512,
        timeout,
        tracing: Tracing.ACTIVE,
        logGroup,
        environment: {
          ...deployedEnvironment(
            { table: true, clientSecretPepper: signs },
            { stage: config.stage, logLevel: config.logLevel, publicBaseUrl: props.publicBaseUrl, tableName: table.tableName, clientSecretPepperSecretArn: clientSecretPepper.secretArn },
          ),
          WEBHOOK_QUEUE_URL: sendQueue.queueUrl,
        },
      });
      if (signs) clientSecretPepper.grantRead(fn);
      this.functions.push(fn);
      return fn;
    };
    const allow = (fn: Function, sid: string, actions: string[], partitions: string[]) =>
      fn.addToRolePolicy(
        new PolicyStatement({
          sid,
          effect: Effect.ALLOW,
          actions,
          resources: [table.tableArn],
          conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': partitions } },
        }),
      );

    // Fan-out: reads endpoints (APP#) and events; writes deliveries and expiry watches.
    const fanOut = makeFunction('WebhookFanOut', Duration.seconds(60));
    allow(fanOut, 'ReadEndpointsAndEvents', ['dynamodb:GetItem', 'dynamodb:Query'], ['APP#*', 'EVENTS#*', 'WHDELIVERIES#*']);
    allow(fanOut, 'WriteDeliveriesAndWatches', ['dynamodb:PutItem', 'dynamodb:UpdateItem'], ['WHDELIVERIES#*', 'EXPIRYWATCH#*']);
    sendQueue.grantSendMessages(fanOut);
    fanOut.addEventSource(
      new DynamoEventSource(table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        retryAttempts: 10,
        maxRecordAge: Duration.days(1),
        onFailure: new SqsDlq(deadLetters),
        filters: [FilterCriteria.filter({ eventName: FilterRule.isEqual('INSERT'), dynamodb: { NewImage: { type: { S: FilterRule.or(...fanOutItemTypes) } } } })],
      }),
    );

    // Sender: one job per invocation (an attempt may take 15 s); reads the delivery and its endpoint, records the attempt.
    const sender = makeFunction('WebhookSender', Duration.seconds(30), true);
    allow(sender, 'ReadDeliveriesAndEndpoints', ['dynamodb:GetItem'], ['APP#*', 'WHDELIVERIES#*']);
    allow(sender, 'RecordAttempts', ['dynamodb:UpdateItem'], ['APP#*', 'WHDELIVERIES#*']);
    sendQueue.grantSendMessages(sender);
    sender.addEventSource(new SqsEventSource(sendQueue, { batchSize: 1, reportBatchItemFailures: true, maxConcurrency: 20 }));

    // Expiry sweep: reads watches and connections (APP#), commits the event with the connection's version bump.
    const sweep = makeFunction('ExpirySweep', Duration.seconds(55));
    allow(sweep, 'ReadWatchesAndConnections', ['dynamodb:GetItem', 'dynamodb:Query'], ['EXPIRYWATCH#*', 'EXPIRYSWEEP', 'APP#*']);
    allow(sweep, 'EmitExpiries', ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'], ['EXPIRYWATCH#*', 'EXPIRYSWEEP', 'APP#*', 'EVENTS#*']);
    new Rule(this, 'ExpirySweepSchedule', { schedule: Schedule.rate(Duration.minutes(1)), targets: [new LambdaFunction(sweep, { retryAttempts: 0 })] });

    this.addAlarms(prefix, props.alarmTopic, fanOut, deadLetters);
    this.acknowledgeReviewedFindings();
  }

  private addAlarms(prefix: string, topic: ITopic, fanOut: Function, deadLetters: Queue): void {
    const notify = new SnsAction(topic);
    const fiveMinutes = Duration.minutes(5);
    const business = (metricName: string) => new Metric({ namespace: metricsNamespace, metricName, statistic: 'Sum', period: fiveMinutes, dimensionsMap: { service: 'signet', stage: prefix.slice('signet-'.length) } });
    const alarm = (id: string, name: string, description: string, metric: Metric | MathExpression, threshold: number, evaluationPeriods = 1) => {
      const created = new Alarm(this, id, {
        alarmName: `${prefix}-${name}`,
        alarmDescription: `${description} Runbook: docs/operations.md#${name}`,
        metric,
        threshold,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      created.addAlarmAction(notify);
      created.addOkAction(notify);
    };
    alarm(
      'OldestUndeliveredEventAlarm',
      'webhook-oldest-undelivered-event',
      'An event has waited 5 minutes or more for the webhook fan-out (stream iterator age).',
      fanOut.metric('IteratorAge', { statistic: 'Maximum', period: Duration.minutes(1) }),
      5 * 60_000,
      3,
    );
    alarm('DeadLettersAlarm', 'webhook-dead-letters', 'Send jobs or stream batches failed for a fault of ours and were parked.', deadLetters.metricApproximateNumberOfMessagesVisible({ period: fiveMinutes }), 1);
    alarm(
      'FailureRateAlarm',
      'webhook-failure-rate',
      'More than half of webhook attempts failed over 15 minutes (with at least 20 attempts).',
      new MathExpression({
        expression: 'IF(attempts >= 20, failures / attempts, 0)',
        usingMetrics: { attempts: business('WebhookAttempts'), failures: business('WebhookFailures') },
        period: fiveMinutes,
      }),
      0.5,
      3,
    );
    alarm('EndpointsDisabledAlarm', 'webhook-endpoints-disabled', 'The sender disabled a webhook endpoint (410 Gone, or 5 days of failures).', business('WebhookEndpointsDisabled'), 1);
  }

  private acknowledgeReviewedFindings(): void {
    const roles = this.functions.map((fn) => fn.role!);
    acknowledgeFinding(roles, 'AwsSolutions-IAM4', 'AWSLambdaBasicExecutionRole only lets a function write its own logs; it is the role AWS documents for Lambda logging.', [
      'Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
    ]);
    acknowledgeFinding(
      roles,
      'AwsSolutions-IAM5',
      'X-Ray PutTraceSegments/PutTelemetryRecords and dynamodb:ListStreams have no resource-level permissions: Resource "*" is what AWS requires.',
      ['Resource::*'],
    );
    acknowledgeFinding(this.functions, 'AwsSolutions-L1', 'Node.js 22 is the runtime the project pins and tests; it is upgraded deliberately.');
  }
}
