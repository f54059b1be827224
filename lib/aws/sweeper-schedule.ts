import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { createFunction, functionEntry, type StackResources } from './lambda-function.ts';

/** How often provisional bookings past their hold or their start are expired (SPEC §4.1). */
export const SWEEP_EVERY_MINUTES = 15;

/** Lambda's retries of a failed run; a run older than this is dropped, the next one being due soon after. */
export const SWEEP_RETRIES = { retryAttempts: 2, maxEventAge: Duration.minutes(10) };

/**
 * The sweeper function on an EventBridge Scheduler schedule. It also publishes outbox
 * events the stream publisher left behind, so it may put events on the bus.
 *
 * The scheduler invokes the function asynchronously: its retry policy covers only an
 * invocation Lambda did not accept (throttling, the service down). A run that fails is
 * retried by Lambda (`SWEEP_RETRIES`) and then recorded in the sweeper's dead-letter
 * queue, as is an invocation the scheduler gave up on; the queue raises an alarm. A
 * failed run changes nothing lasting, because every expiry is its own transaction and
 * the next run picks up what is left.
 *
 * The schedule is written at L1 with a role of our own: the L2 target grants
 * `lambda:InvokeFunction` on `<function>:*` too, a wildcard we do not need.
 */
export class SweeperSchedule extends Construct {
  readonly function: NodejsFunction;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, resources: StackResources) {
    super(scope, id);
    this.function = createFunction(
      this,
      {
        name: 'sweeper',
        entry: functionEntry('sweeper'),
        // Expiries (the meeting, its claim weeks, the apprentice's marker, the change events),
        // events it republishes (EVENT#) and the unsettled sends it reports (DELIVERY#).
        tableAccess: { writes: ['meeting', 'claim', 'apprentice', 'event', 'delivery'] },
        publishesEvents: true,
        timeout: Duration.minutes(5),
      },
      resources,
    );
    this.deadLetterQueue = resources.alarms.deadLetterQueue(this, 'Sweeper');
    this.function.configureAsyncInvoke({ ...SWEEP_RETRIES, onFailure: new destinations.SqsDestination(this.deadLetterQueue) });

    const role = new iam.Role(this, 'ScheduleRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com'),
      description: `Invokes the planning meetings sweeper (${resources.config.customer})`,
    });
    role.addToPolicy(new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.function.functionArn] }));
    this.deadLetterQueue.grantSendMessages(role);
    new scheduler.CfnSchedule(this, 'Schedule', {
      description: 'Expire provisional planning meetings past their hold or their start',
      scheduleExpression: `rate(${SWEEP_EVERY_MINUTES} minutes)`,
      flexibleTimeWindow: { mode: 'OFF' },
      target: {
        arn: this.function.functionArn,
        roleArn: role.roleArn,
        retryPolicy: { maximumRetryAttempts: SWEEP_RETRIES.retryAttempts, maximumEventAgeInSeconds: SWEEP_RETRIES.maxEventAge.toSeconds() },
        deadLetterConfig: { arn: this.deadLetterQueue.queueArn },
      },
    });
  }
}
