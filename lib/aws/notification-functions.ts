import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import { SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { eventRules, type EventRule } from '#events/event-rules.ts';
import { createFunction, functionEntry, type StackResources } from './lambda-function.ts';

/** Kept for two weeks: long enough to look at after a holiday, short enough to hold no stale personal data. */
const DEAD_LETTER_RETENTION = Duration.days(14);

/**
 * Change events from the outbox to the people concerned (SPEC §5): the stream
 * publisher, one EventBridge rule and notifier per channel from the rule table, a
 * dead-letter queue behind every asynchronous hop, and an alarm on each queue.
 */
export class NotificationFunctions extends Construct {
  readonly publisher: NodejsFunction;
  readonly notifiers: Record<string, NodejsFunction> = {};
  readonly deadLetterQueues: sqs.Queue[] = [];
  readonly alarmTopic: sns.Topic;

  constructor(scope: Construct, id: string, resources: StackResources) {
    super(scope, id);
    const { config, table, eventBus } = resources;

    this.alarmTopic = new sns.Topic(this, 'Alarms', {
      displayName: `Planning meetings alarms (${config.customer})`,
      enforceSSL: true,
      masterKey: undefined,
    });
    if (config.alarmEmail) this.alarmTopic.addSubscription(new subscriptions.EmailSubscription(config.alarmEmail));
    NagSuppressions.addResourceSuppressions(this.alarmTopic, [
      { id: 'AwsSolutions-SNS2', reason: 'Alarm notifications carry only alarm names and states, no personal data; SSE would add a KMS key per customer for nothing.' },
    ]);

    // The publisher: new outbox items on the table's stream → PutEvents on the bus.
    this.publisher = createFunction(
      this,
      { name: 'publisher', entry: functionEntry('publisher'), tableAccess: 'readWrite', publishesEvents: true, timeout: Duration.seconds(60) },
      resources,
    );
    const streamArn = table.table.tableStreamArn;
    if (!streamArn) throw new Error('The table needs a stream for the publisher');
    // Written out: CDK's grantStreamRead adds dynamodb:ListStreams on "*", which the mapping does not need.
    this.publisher.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'], resources: [streamArn] }),
    );
    const publisherDeadLetters = this.deadLetterQueue('Publisher');
    new lambda.EventSourceMapping(this, 'OutboxStream', {
      target: this.publisher,
      eventSourceArn: streamArn,
      startingPosition: lambda.StartingPosition.TRIM_HORIZON,
      batchSize: 25,
      bisectBatchOnError: true,
      retryAttempts: 10,
      maxRecordAge: Duration.hours(24),
      reportBatchItemFailures: true,
      onFailure: new SqsDlq(publisherDeadLetters),
      // Only new outbox items: every other change of the table is none of the publisher's business.
      filters: [
        lambda.FilterCriteria.filter({
          eventName: lambda.FilterRule.isEqual('INSERT'),
          dynamodb: { NewImage: { entity: { S: lambda.FilterRule.isEqual('event') } } },
        }),
      ],
    });

    for (const rule of eventRules) this.notifiers[rule.target.function] = this.notifier(rule, resources, eventBus);
  }

  private deadLetterQueue(name: string): sqs.Queue {
    const queue = new sqs.Queue(this, `${name}DeadLetters`, {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: DEAD_LETTER_RETENTION,
    });
    NagSuppressions.addResourceSuppressions(queue, [
      { id: 'AwsSolutions-SQS3', reason: 'This queue is itself a dead-letter queue.' },
    ]);
    new cloudwatch.Alarm(this, `${name}DeadLettersAlarm`, {
      alarmDescription: `Planning meetings: something could not be delivered (${name}); look in the dead-letter queue`,
      metric: queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    }).addAlarmAction(new cloudwatchActions.SnsAction(this.alarmTopic));
    this.deadLetterQueues.push(queue);
    return queue;
  }

  private notifier(rule: EventRule, resources: StackResources, bus: events.IEventBus): NodejsFunction {
    const { config } = resources;
    const fn = createFunction(
      this,
      {
        name: rule.target.function,
        entry: functionEntry('notifier'),
        tableAccess: 'readWrite',
        publishesEvents: false,
        timeout: Duration.seconds(60),
        environment: {
          CHANNEL: rule.target.channel,
          EMAIL_SENDER: config.email.sender,
          EMAIL_SENDER_NAME: config.email.senderName,
          ...(config.email.configurationSetName ? { SES_CONFIGURATION_SET: config.email.configurationSetName } : {}),
        },
      },
      resources,
    );
    const deadLetters = this.deadLetterQueue(rule.name);
    // A function error after Lambda's own retries lands here too, not only a failed invoke.
    fn.configureAsyncInvoke({ retryAttempts: 2, maxEventAge: Duration.hours(6), onFailure: new destinations.SqsDestination(deadLetters) });
    new events.Rule(this, rule.name, {
      eventBus: bus,
      description: rule.description,
      eventPattern: { source: [...rule.pattern.source], detailType: [...rule.pattern['detail-type']] },
      targets: [new eventTargets.LambdaFunction(fn, { retryAttempts: 8, maxEventAge: Duration.hours(6), deadLetterQueue: deadLetters })],
    });
    this.grantChannel(fn, rule, resources);
    return fn;
  }

  private grantChannel(fn: NodejsFunction, rule: EventRule, { config }: StackResources): void {
    const stack = Stack.of(this);
    if (rule.target.channel === 'email') {
      const domain = config.email.sender.split('@')[1]!;
      const identities = [
        stack.formatArn({ service: 'ses', resource: 'identity', resourceName: domain }),
        stack.formatArn({ service: 'ses', resource: 'identity', resourceName: config.email.sender }),
        ...(config.email.configurationSetName
          ? [stack.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: config.email.configurationSetName })]
          : []),
      ];
      fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['ses:SendEmail', 'ses:SendRawEmail'], resources: identities }));
    }
    if (rule.target.channel === 'sms') {
      // SMS goes straight to phone numbers, which are not IAM resources: SNS only accepts "*" here.
      fn.addToRolePolicy(new iam.PolicyStatement({ sid: 'SmsToPhoneNumbers', actions: ['sns:Publish'], resources: ['*'] }));
      NagSuppressions.addResourceSuppressions(
        fn.role!,
        [
          {
            id: 'AwsSolutions-IAM5',
            reason: 'sns:Publish to a phone number has no resource ARN to scope to; this statement is the SMS notifier’s only use of it.',
            appliesTo: ['Resource::*'],
          },
        ],
        true,
      );
    }
  }
}
