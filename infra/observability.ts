import { Annotations, Duration } from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  LogQueryWidget,
  MathExpression,
  Metric,
  TextWidget,
  TreatMissingData,
  type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Operation, type ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { Function } from 'aws-cdk-lib/aws-lambda';
import { FilterPattern, MetricFilter, type ILogGroup } from 'aws-cdk-lib/aws-logs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { metricsNamespace, metricsService, type CountedEvent } from '../lib/observability/metrics.js';
import type { StageConfig } from './stage-config.js';

export interface ObservabilityProps {
  config: StageConfig;
  api: RestApi;
  accessLogs: ILogGroup;
  /** Route-table function name -> function. */
  functions: ReadonlyMap<string, Function>;
  table: ITable;
}

const fiveMinutes = Duration.minutes(5);

/** Every DynamoDB operation the functions use (at most 10: a CloudWatch alarm's metric-math limit). */
export const tableOperations = [
  Operation.GET_ITEM,
  Operation.BATCH_GET_ITEM,
  Operation.QUERY,
  Operation.PUT_ITEM,
  Operation.UPDATE_ITEM,
  Operation.DELETE_ITEM,
  Operation.BATCH_WRITE_ITEM,
  Operation.TRANSACT_WRITE_ITEMS,
  Operation.TRANSACT_GET_ITEMS,
];

const businessMetrics: CountedEvent[] = ['Logins', 'FailedLogins', 'SessionChecks', 'Grants', 'Revokes', 'FailedRedeems'];

/**
 * The sum of sparse metrics (they exist only while something happens, such as DynamoDB
 * errors): metric math has no value at a time where an operand has none, so `m1 + m2`
 * would stay empty and its alarm could never fire. FILL(m, 0) counts a missing datapoint as 0.
 */
export function sumOfSparse(metrics: Record<string, IMetric>, label: string): MathExpression {
  return new MathExpression({
    expression: Object.keys(metrics)
      .map((id) => `FILL(${id}, 0)`)
      .join(' + '),
    usingMetrics: metrics,
    period: fiveMinutes,
    label,
  });
}

/**
 * Alarms (to one SNS topic) and one dashboard per stage. docs/operations.md says
 * how to read the dashboard and what to do when each alarm fires; alarm names are
 * `signet-<stage>-<what>` so a page names its runbook entry.
 */
export class Observability extends Construct {
  readonly alarmTopic: Topic;
  readonly dashboard: Dashboard;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    const { config, api, accessLogs, functions, table } = props;
    const thresholds = config.alarms;
    const prefix = `signet-${config.stage}`;

    // Publishing only over TLS (AwsSolutions-SNS3). Not KMS-encrypted: CloudWatch alarms cannot publish to a
    // topic under the AWS-managed SNS key, and notifications carry alarm names and metric values, no customer data.
    this.alarmTopic = new Topic(this, 'AlarmTopic', { displayName: `Signet ${config.stage} alarms`, enforceSSL: true });
    if (config.alarmEmail) this.alarmTopic.addSubscription(new EmailSubscription(config.alarmEmail));
    const notifyActions = [new SnsAction(this.alarmTopic)];
    if (config.alarmTopicArn) notifyActions.push(new SnsAction(Topic.fromTopicArn(this, 'ExistingAlarmTopic', config.alarmTopicArn)));
    if (!config.alarmEmail && !config.alarmTopicArn) {
      Annotations.of(this).addWarningV2(
        'signet:noAlarmSubscriber',
        `The ${config.stage} alarms notify a topic nobody is subscribed to: deploy with -c alarmEmail=<on-call address> or -c alarmTopicArn=<existing SNS topic> (docs/operations.md, First deploy).`,
      );
    }

    const alarm = (id: string, options: {
      name: string;
      /** Heading anchor in docs/operations.md; the name by default. */
      runbook?: string;
      description: string;
      metric: IMetric;
      threshold: number;
      evaluationPeriods?: number;
      datapointsToAlarm?: number;
    }): Alarm => {
      const created = new Alarm(this, id, {
        alarmName: `${prefix}-${options.name}`,
        alarmDescription: `${options.description} Runbook: docs/operations.md#${options.runbook ?? options.name}`,
        metric: options.metric,
        threshold: options.threshold,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: options.evaluationPeriods ?? 1,
        datapointsToAlarm: options.datapointsToAlarm ?? options.evaluationPeriods ?? 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      created.addAlarmAction(...notifyActions);
      created.addOkAction(...notifyActions);
      this.alarms.push(created);
      return created;
    };

    // API Gateway: 5XXError averaged over requests is the share of requests answered 5xx.
    // Alarm metrics carry no label (a label turns the alarm into metric math); the dashboard adds them.
    const serverErrorRate = api.metricServerError({ statistic: 'Average', period: fiveMinutes });
    const latencyP99 = api.metricLatency({ statistic: 'p99', period: fiveMinutes });
    alarm('ServerErrorRate', {
      name: 'api-5xx-rate',
      description: `More than ${thresholds.serverErrorRate * 100} % of requests answered 5xx in 2 of the last 3 five-minute periods.`,
      metric: serverErrorRate,
      threshold: thresholds.serverErrorRate,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
    });
    alarm('LatencyP99', {
      name: 'api-p99-latency',
      description: `API p99 latency at or above ${thresholds.p99LatencyMs} ms for 15 minutes.`,
      metric: latencyP99,
      threshold: thresholds.p99LatencyMs,
      evaluationPeriods: 3,
    });

    // 429s: the stage's throttle and the failure throttles (logins, client secrets), from the access log.
    const throttledResponses = new MetricFilter(this, 'ThrottledResponsesFilter', {
      logGroup: accessLogs,
      filterPattern: FilterPattern.numberValue('$.status', '=', 429),
      metricNamespace: metricsNamespace,
      metricName: 'ThrottledResponses',
      metricValue: '1',
      dimensions: { stage: '$.stage' },
    }).metric({ statistic: 'Sum', period: fiveMinutes, dimensionsMap: { stage: config.stage } });
    alarm('ThrottledResponses', {
      name: 'api-throttled-responses',
      description: `${thresholds.throttledResponses} or more 429 answers in five minutes.`,
      metric: throttledResponses,
      threshold: thresholds.throttledResponses,
    });

    // Code guessing (issue 21): failed redemptions over the stage, from the functions' EMF lines.
    alarm('FailedRedeems', {
      name: 'license-redeem-failures',
      description: `${thresholds.failedRedeems} or more failed license-code redemptions in five minutes (someone may be guessing codes; the log lines name the app).`,
      metric: new Metric({ namespace: metricsNamespace, metricName: 'FailedRedeems', dimensionsMap: { service: metricsService, stage: config.stage }, statistic: 'Sum', period: fiveMinutes }),
      threshold: thresholds.failedRedeems,
    });

    // Lambda throttles, one alarm per function (an alarm's metric math takes at most 10 metrics).
    for (const [name, fn] of functions) {
      alarm(`${fn.node.id}Throttles`, {
        name: `function-throttles-${name}`,
        runbook: 'function-throttles',
        description: `${name} was throttled ${thresholds.functionThrottles} or more times in five minutes.`,
        metric: fn.metricThrottles({ statistic: 'Sum', period: fiveMinutes }),
        threshold: thresholds.functionThrottles,
      });
    }

    const perOperation = (metricName: string) =>
      Object.fromEntries(
        tableOperations.map((operation, index) => [
          `m${index}`,
          table.metric(metricName, { dimensionsMap: { TableName: table.tableName, Operation: operation }, statistic: 'Sum', period: fiveMinutes }),
        ]),
      );
    const dynamoSystemErrors = sumOfSparse(perOperation('SystemErrors'), 'system errors');
    const dynamoThrottled = sumOfSparse(perOperation('ThrottledRequests'), 'throttled requests');
    alarm('DynamoSystemErrors', {
      name: 'dynamodb-system-errors',
      description: `DynamoDB answered ${thresholds.dynamoSystemErrors} or more requests with a system error in five minutes.`,
      metric: dynamoSystemErrors,
      threshold: thresholds.dynamoSystemErrors,
    });
    alarm('DynamoThrottledRequests', {
      name: 'dynamodb-throttled-requests',
      description: `DynamoDB throttled ${thresholds.dynamoThrottledRequests} or more requests in five minutes.`,
      metric: dynamoThrottled,
      threshold: thresholds.dynamoThrottledRequests,
    });

    this.dashboard = this.buildDashboard(prefix, { api, functions, table, serverErrorRate, latencyP99, throttledResponses, dynamoSystemErrors, dynamoThrottled }, config);
  }

  private buildDashboard(
    name: string,
    parts: {
      api: RestApi;
      functions: ReadonlyMap<string, Function>;
      table: ITable;
      serverErrorRate: Metric;
      latencyP99: Metric;
      throttledResponses: Metric;
      dynamoSystemErrors: IMetric;
      dynamoThrottled: IMetric;
    },
    config: StageConfig,
  ): Dashboard {
    const { api, functions, table } = parts;
    const sum = { statistic: 'Sum', period: fiveMinutes };
    const perFunction = (metric: (fn: Function) => Metric) => [...functions.entries()].map(([fnName, fn]) => metric(fn).with({ label: fnName }));
    const business = businessMetrics.map(
      (metricName) =>
        new Metric({
          namespace: metricsNamespace,
          metricName,
          dimensionsMap: { service: metricsService, stage: config.stage },
          ...sum,
          label: metricName,
        }),
    );
    const width = 8;

    const dashboard = new Dashboard(this, 'Dashboard', { dashboardName: name, defaultInterval: Duration.hours(3) });
    dashboard.addWidgets(
      new TextWidget({
        markdown: `# Signet ${config.stage}\nRequests, errors and latency of the API; business counts; functions; the table. What to do when an alarm fires: docs/operations.md.`,
        width: 24,
        height: 2,
      }),
    );
    dashboard.addWidgets(new AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24, height: 4 }));
    dashboard.addWidgets(
      new GraphWidget({
        title: 'Requests and errors',
        left: [api.metricCount({ ...sum, label: 'requests' }), api.metricClientError({ ...sum, label: '4xx' }), api.metricServerError({ ...sum, label: '5xx' })],
        right: [parts.throttledResponses.with({ label: '429 responses' })],
        width,
      }),
      new GraphWidget({
        title: 'Latency (ms)',
        left: [
          api.metricLatency({ statistic: 'p50', period: fiveMinutes, label: 'p50' }),
          parts.latencyP99.with({ label: 'p99' }),
          api.metricIntegrationLatency({ statistic: 'p99', period: fiveMinutes, label: 'integration p99' }),
        ],
        leftAnnotations: [{ value: config.alarms.p99LatencyMs, label: 'p99 alarm' }],
        width,
      }),
      new GraphWidget({
        title: '5xx rate',
        left: [parts.serverErrorRate.with({ label: '5xx rate' })],
        leftAnnotations: [{ value: config.alarms.serverErrorRate, label: 'alarm' }],
        width,
      }),
    );
    dashboard.addWidgets(
      new GraphWidget({ title: 'Sign-ins and session checks', left: business.slice(0, 3), width: 12 }),
      new GraphWidget({ title: 'Status sync: grants and revokes', left: business.slice(3), width: 12 }),
    );
    dashboard.addWidgets(
      new GraphWidget({ title: 'Function errors', left: perFunction((fn) => fn.metricErrors(sum)), width }),
      new GraphWidget({ title: 'Function throttles', left: perFunction((fn) => fn.metricThrottles(sum)), width }),
      new GraphWidget({ title: 'Function duration p99 (ms)', left: perFunction((fn) => fn.metricDuration({ statistic: 'p99', period: fiveMinutes })), width }),
    );
    dashboard.addWidgets(
      new GraphWidget({
        title: 'DynamoDB capacity',
        left: [table.metricConsumedReadCapacityUnits({ ...sum, label: 'read units' }), table.metricConsumedWriteCapacityUnits({ ...sum, label: 'write units' })],
        width,
      }),
      // Two widgets: both expressions name their per-operation metrics alike.
      new GraphWidget({ title: 'DynamoDB system errors', left: [parts.dynamoSystemErrors], width: 4 }),
      new GraphWidget({ title: 'DynamoDB throttled requests', left: [parts.dynamoThrottled], width: 4 }),
      new GraphWidget({
        title: 'DynamoDB latency (ms)',
        left: [Operation.GET_ITEM, Operation.QUERY, Operation.TRANSACT_WRITE_ITEMS].map((operation) =>
          table.metricSuccessfulRequestLatency({ dimensionsMap: { TableName: table.tableName, Operation: operation }, statistic: 'Average', period: fiveMinutes, label: operation }),
        ),
        width,
      }),
    );
    dashboard.addWidgets(
      new LogQueryWidget({
        title: 'Recent errors (all functions)',
        logGroupNames: [...functions.values()].map((fn) => fn.logGroup.logGroupName),
        queryLines: [
          'fields @timestamp, function_name, correlation_id, message, kind, errorName, errorMessage',
          'filter level = "ERROR"',
          'sort @timestamp desc',
          'limit 50',
        ],
        width: 24,
        height: 6,
      }),
    );
    return dashboard;
  }
}
