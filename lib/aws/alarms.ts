import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { METRIC_NAMESPACE, metricNames } from '#ports/metrics.ts';
import type { CustomerConfig } from './customer-config.ts';

/** Kept for two weeks: long enough to look at after a holiday, short enough to hold no stale personal data. */
export const DEAD_LETTER_RETENTION = Duration.days(14);

/** The API alarm: this share of answers in five minutes being 5xx, once there are enough answers to judge by. */
export const API_5XX_PERCENT = 5;
export const API_5XX_MINIMUM_REQUESTS = 10;

/** Change events normally reach the bus within seconds; a stream this far behind is stuck. */
export const PUBLISHER_ITERATOR_AGE = Duration.minutes(5);

/**
 * The stack's alarm topic and the alarms that tell it. Every alarm of the stack is made
 * here, so none can be created without an action. The topic always exists: an
 * `alarmEmail` in the customer's settings subscribes that address; anything else
 * (chat, paging, a ticketing system) subscribes to the topic named in the stack's
 * outputs (README, Alarms).
 */
export class ServiceAlarms extends Construct {
  readonly topic: sns.Topic;
  private readonly action: cloudwatchActions.SnsAction;

  constructor(
    scope: Construct,
    id: string,
    private readonly config: CustomerConfig,
  ) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: `Planning meetings alarms (${config.customer})`,
      enforceSSL: true,
    });
    if (config.alarmEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(config.alarmEmail));
    NagSuppressions.addResourceSuppressions(this.topic, [
      {
        id: 'AwsSolutions-SNS2',
        reason:
          'CloudWatch alarms cannot publish to a topic encrypted with the AWS-managed key (aws/sns), whose key policy cannot admit cloudwatch.amazonaws.com; ' +
          'a customer-managed key per customer is not worth it for messages that carry alarm names and states only, no personal data. Publishing requires TLS (enforceSSL).',
      },
    ]);
    this.action = new cloudwatchActions.SnsAction(this.topic);
  }

  /** An alarm that tells the topic when it goes off and when it clears. */
  alarm(id: string, props: cloudwatch.AlarmProps): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, id, { treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING, ...props });
    alarm.addAlarmAction(this.action);
    alarm.addOkAction(this.action);
    return alarm;
  }

  /**
   * A queue for what could not be delivered, with an alarm on its first message: one
   * message is one notification, outbox batch or sweep that did not happen (SPEC §5.4).
   * The queue belongs to `scope`, beside what feeds it.
   */
  deadLetterQueue(scope: Construct, name: string): sqs.Queue {
    const queue = new sqs.Queue(scope, `${name}DeadLetters`, {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: DEAD_LETTER_RETENTION,
    });
    NagSuppressions.addResourceSuppressions(queue, [{ id: 'AwsSolutions-SQS3', reason: 'This queue is itself a dead-letter queue.' }]);
    this.alarm(`${name}DeadLettersAlarm`, {
      alarmDescription: `Planning meetings (${this.config.customer}): something could not be delivered (${name}); look in the dead-letter queue`,
      metric: queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    });
    return queue;
  }

  /**
   * Errors of one function. `periods`: how many five-minute periods in a row must have
   * errors. One for functions that should never fail; more for those that fail on
   * purpose to be retried (a notifier during an SES throttling episode).
   */
  functionErrors(name: string, fn: lambda.IFunction, periods = 1): cloudwatch.Alarm {
    return this.alarm(`${name}ErrorsAlarm`, {
      alarmDescription:
        `Planning meetings (${this.config.customer}): the ${name} function failed` +
        (periods > 1 ? ` in each of ${periods} five-minute periods in a row` : '') +
        '; its log group has the error',
      metric: fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: periods,
      datapointsToAlarm: periods,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    });
  }

  /** The share of API answers that are 5xx (the HTTP frame answers 503 for anything unexpected). */
  apiServerErrors(api: { metricServerError(props?: cloudwatch.MetricOptions): cloudwatch.Metric; metricCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric }): cloudwatch.Alarm {
    const period = Duration.minutes(5);
    return this.alarm('Api5xxAlarm', {
      alarmDescription:
        `Planning meetings (${this.config.customer}): at least ${API_5XX_PERCENT} % of API answers in five minutes were 5xx ` +
        `(with ${API_5XX_MINIMUM_REQUESTS} requests or more); the functions' logs have "request failed"`,
      metric: new cloudwatch.MathExpression({
        expression: `IF(requests >= ${API_5XX_MINIMUM_REQUESTS}, 100 * errors / requests, 0)`,
        usingMetrics: {
          errors: api.metricServerError({ period, statistic: 'Sum' }),
          requests: api.metricCount({ period, statistic: 'Sum' }),
        },
        period,
        label: 'API 5xx (% of requests)',
      }),
      threshold: API_5XX_PERCENT,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    });
  }

  /** How far the stream publisher is behind the table's stream. */
  publisherIteratorAge(fn: lambda.IFunction): cloudwatch.Alarm {
    return this.alarm('PublisherIteratorAgeAlarm', {
      alarmDescription:
        `Planning meetings (${this.config.customer}): change events wait more than ${PUBLISHER_ITERATOR_AGE.toMinutes()} minutes ` +
        'in the table stream before the publisher takes them; the sweeper republishes what the stream drops, but notifications are late',
      metric: fn.metric('IteratorAge', { period: Duration.minutes(5), statistic: 'Maximum' }),
      threshold: PUBLISHER_ITERATOR_AGE.toMilliseconds(),
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    });
  }

  /** Notifications refused or blocked by the set-up, counted by the notifiers (embedded metric format). */
  failedDeliveries(): cloudwatch.Alarm {
    return this.countAlarm(
      'FailedDeliveriesAlarm',
      metricNames.failedDeliveries,
      { period: Duration.minutes(5), statistic: 'Sum' },
      'a notification was refused or could not be sent because of the set-up (access denied, an unverified SES identity); the notifier logs name the error code',
    );
  }

  /** Sends left unsettled by a notifier that stopped mid-send and given up after 3 resends, counted by each sweep (every 15 minutes, 0 included). */
  unsettledSends(): cloudwatch.Alarm {
    return this.countAlarm(
      'UnsettledSendsAlarm',
      metricNames.unsettledSends,
      { period: Duration.minutes(15), statistic: 'Maximum' },
      'a send left unsettled (its notifier stopped between claiming and recording it) was sent again 3 times without being recorded, and is given up: ' +
        'it may not have gone out; the sweeper logs name the event, channel and recipient',
    );
  }

  /** An alarm on one of the service's own counts (embedded metric format), for this customer, at one or more. */
  private countAlarm(id: string, metricName: string, over: { period: Duration; statistic: 'Sum' | 'Maximum' }, description: string): cloudwatch.Alarm {
    return this.alarm(id, {
      alarmDescription: `Planning meetings (${this.config.customer}): ${description}`,
      metric: new cloudwatch.Metric({ namespace: METRIC_NAMESPACE, metricName, dimensionsMap: { organisation: this.config.customer }, ...over }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    });
  }
}
