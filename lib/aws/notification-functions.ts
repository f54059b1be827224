import { Duration, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import { SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { type EventRule, eventRules } from '#events/event-rules.ts';
import type { ServiceAlarms } from './alarms.ts';
import type { CustomerConfig } from './customer-config.ts';
import { createFunction, functionEntry, type StackResources } from './lambda-function.ts';

/**
 * How often EventBridge retries a notifier, and for how long. Six hours ride out an SES or
 * SNS throttling episode; a notification later than that is news no longer worth sending.
 */
export const RULE_TARGET_RETRIES = { retryAttempts: 8, maxEventAge: Duration.hours(6) };

/** The domain part of the sender address: the SES identity that most customers verify. */
export const senderDomain = (config: CustomerConfig): string => config.email.sender.slice(config.email.sender.lastIndexOf('@') + 1);

/**
 * Change events from the outbox to the people concerned (SPEC §5): the stream
 * publisher, one EventBridge rule and notifier per entry of the rule table, a
 * dead-letter queue behind every asynchronous hop, and an alarm on each queue, on the
 * publisher's lag and on failed deliveries.
 */
export class NotificationFunctions extends Construct {
  readonly publisher: NodejsFunction;
  /** By `rule.target.function`, e.g. `notify-email`. */
  readonly notifiers: Record<string, NodejsFunction> = {};
  readonly deadLetterQueues: sqs.Queue[] = [];
  /** Only with `email.createIdentity`. */
  readonly senderIdentity: ses.EmailIdentity | undefined;

  constructor(scope: Construct, id: string, resources: StackResources) {
    super(scope, id);
    const { config, table, alarms } = resources;

    if (config.email.createIdentity) {
      this.senderIdentity = new ses.EmailIdentity(this, 'SenderIdentity', { identity: ses.Identity.domain(senderDomain(config)) });
    }

    this.publisher = createFunction(
      this,
      {
        name: 'publisher',
        entry: functionEntry('publisher'),
        // Marks the events it published (EVENT#).
        tableAccess: { writes: ['event'] },
        publishesEvents: true,
        timeout: Duration.seconds(60),
        // A batch the bus refuses whole fails the invocation so the stream retries it: alarm when that lasts.
        errorAlarmPeriods: 3,
      },
      resources,
    );
    const streamArn = table.table.tableStreamArn;
    if (!streamArn) throw new Error('The table needs a stream for the publisher');
    // The four actions Lambda checks when it creates the mapping (the DynamoDB developer guide's policy for a
    // stream-triggered function), on this stream alone; grantStreamRead would give ListStreams on "*".
    this.publisher.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'],
        resources: [streamArn],
      }),
    );
    table.grantStreamKey(this.publisher);
    new lambda.EventSourceMapping(this, 'OutboxStream', {
      target: this.publisher,
      eventSourceArn: streamArn,
      startingPosition: lambda.StartingPosition.TRIM_HORIZON,
      batchSize: 25,
      bisectBatchOnError: true,
      retryAttempts: 10,
      // The stream keeps records for 24 hours; what ages out is still in the outbox, and the sweeper republishes it.
      maxRecordAge: Duration.hours(24),
      reportBatchItemFailures: true,
      onFailure: new SqsDlq(this.deadLetterQueue(alarms, 'Publisher')),
      // Only new outbox items: every other change of the table is none of the publisher's business, and filtered records cost no invocation.
      filters: [
        lambda.FilterCriteria.filter({
          eventName: lambda.FilterRule.isEqual('INSERT'),
          dynamodb: { NewImage: { entity: { S: lambda.FilterRule.isEqual('event') } } },
        }),
      ],
    });

    alarms.publisherIteratorAge(this.publisher);
    alarms.failedDeliveries();
    alarms.unsettledSends();

    for (const rule of eventRules) this.notifiers[rule.target.function] = this.notifier(rule, resources);
  }

  /** Where the screens are, for the emails' links to the meeting (SITE_URL); a stack without screens sends none. */
  linkToScreens(siteOrigin: string): void {
    for (const fn of Object.values(this.notifiers)) fn.addEnvironment('SITE_URL', siteOrigin);
  }

  private deadLetterQueue(alarms: ServiceAlarms, name: string): sqs.Queue {
    const queue = alarms.deadLetterQueue(this, name);
    this.deadLetterQueues.push(queue);
    return queue;
  }

  private notifier(rule: EventRule, resources: StackResources): NodejsFunction {
    const { config, eventBus, alarms } = resources;
    const fn = createFunction(
      this,
      {
        name: rule.target.function,
        // A handler per channel (functions/notify-<channel>), so each bundles only its channel's client.
        entry: functionEntry(rule.target.function),
        // Delivery records (once per event, recipient and channel), and the in-app notifications
        // themselves (USER#<recipient>); the communication configuration is only read.
        tableAccess: { writes: rule.target.channel === 'inApp' ? ['delivery', 'user'] : ['delivery'] },
        publishesEvents: false,
        timeout: Duration.seconds(60),
        // A notifier throws to have a transiently failed event retried: alarm when that lasts a quarter of an hour.
        errorAlarmPeriods: 3,
        environment: {
          ...(rule.target.channel === 'sms' && config.sms?.senderId ? { SMS_SENDER_ID: config.sms.senderId } : {}),
          ...(config.email.configurationSetName ? { SES_CONFIGURATION_SET: config.email.configurationSetName } : {}),
        },
      },
      resources,
    );
    const deadLetters = this.deadLetterQueue(alarms, rule.name);
    // EventBridge's dead-letter queue holds events it could not hand over; a handler that fails
    // after Lambda's own retries of the asynchronous invoke lands in the same queue through this.
    fn.configureAsyncInvoke({ retryAttempts: 2, maxEventAge: Duration.hours(6), onFailure: new destinations.SqsDestination(deadLetters) });
    new events.Rule(this, rule.name, {
      eventBus,
      description: rule.description,
      eventPattern: { source: [...rule.pattern.source], detailType: [...rule.pattern['detail-type']] },
      targets: [new eventTargets.LambdaFunction(fn, { ...RULE_TARGET_RETRIES, deadLetterQueue: deadLetters })],
    });
    if (rule.target.channel === 'email') this.grantSendEmail(fn, config);
    if (rule.target.channel === 'sms') this.grantSendSms(fn);
    return fn;
  }

  private grantSendEmail(fn: NodejsFunction, config: CustomerConfig): void {
    const stack = Stack.of(this);
    const identity = (name: string) => stack.formatArn({ service: 'ses', resource: 'identity', resourceName: name });
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['ses:SendEmail', 'ses:SendRawEmail'],
        resources: [
          // SES authorises the identity the From address is verified through: its domain, or the address itself when verified alone.
          identity(senderDomain(config)),
          identity(config.email.sender),
          ...(config.email.configurationSetName
            ? [stack.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: config.email.configurationSetName })]
            : []),
        ],
      }),
    );
  }

  private grantSendSms(fn: NodejsFunction): void {
    // SMS goes straight to phone numbers, which are not IAM resources: SNS accepts only "*" here,
    // and no condition key names the phone number. The region key at least keeps the role to the
    // stack's region, where the account's SMS spend limit and sender settings are configured.
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'SmsToPhoneNumbers',
        actions: ['sns:Publish'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:RequestedRegion': Stack.of(this).region } },
      }),
    );
    NagSuppressions.addResourceSuppressions(
      fn.role!,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason:
            'sns:Publish to a phone number has no resource ARN to scope to (SNS requires Resource "*" for direct SMS) and no condition key for the number; ' +
            'the statement is limited to the stack region and is the SMS notifier’s only wildcard.',
          appliesTo: ['Resource::*'],
        },
      ],
      true,
    );
  }
}
