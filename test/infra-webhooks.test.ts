import { Match, Template } from 'aws-cdk-lib/assertions';
import { buildSignet } from '../infra/signet.js';
import { templateApp } from './support/cdk-app.js';

/** The webhooks stack (docs/webhooks.md), synthesized without bundling. */
const app = templateApp({ stage: 'dev' });
const { data, webhooks } = buildSignet(app);
const template = Template.fromStack(webhooks);

describe('webhooks stack', () => {
  it('gives the table a NEW_IMAGE stream', () => {
    Template.fromStack(data).hasResourceProperties('AWS::DynamoDB::Table', { StreamSpecification: { StreamViewType: 'NEW_IMAGE' } });
  });

  it('feeds the fan-out from the stream, filtered to event and dispatch inserts, bisecting, with partial batch failures and an on-failure queue', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
      FilterCriteria: {
        Filters: [{ Pattern: JSON.stringify({ eventName: ['INSERT'], dynamodb: { NewImage: { type: { S: ['event', 'webhookDispatch'] } } } }) }],
      },
    });
  });

  it('runs the sender from an encrypted, TLS-only SQS queue with a dead-letter queue, and the sweep every minute', () => {
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, RedrivePolicy: Match.objectLike({ maxReceiveCount: 5 }) });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { BatchSize: 1, FunctionResponseTypes: ['ReportBatchItemFailures'] });
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(1 minute)' });
  });

  it('alarms on the oldest undelivered event, parked jobs, the failure rate and disabled endpoints', () => {
    for (const name of ['webhook-oldest-undelivered-event', 'webhook-dead-letters', 'webhook-failure-rate', 'webhook-endpoints-disabled']) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: `signet-dev-${name}` });
    }
  });

  it('limits each function to the key prefixes its code uses, and never sets WEBHOOK_ALLOW_LOOPBACK', () => {
    const policies = JSON.stringify(template.findResources('AWS::IAM::Policy'));
    expect(policies).toContain('dynamodb:LeadingKeys');
    expect(policies).not.toContain('dynamodb:Scan');
    for (const fn of Object.values(template.findResources('AWS::Lambda::Function'))) {
      expect(fn.Properties.Environment.Variables.WEBHOOK_ALLOW_LOOPBACK).toBe('false');
    }
  });
});
