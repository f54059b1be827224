import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { Construct } from 'constructs';
import { createFunction, functionEntry, type StackResources } from './lambda-function.ts';

/** How often provisional bookings past their hold or their start are expired (SPEC §4.1). */
export const SWEEP_EVERY_MINUTES = 15;

/**
 * The sweeper function on an EventBridge Scheduler schedule. It also publishes outbox
 * events the stream publisher left behind, so it may put events on the bus. A failed run is retried
 * by the scheduler; a run that still fails changes nothing lasting, because every
 * expiry is its own transaction and the next run picks up what is left.
 *
 * The schedule is written at L1 with a role of our own: the L2 target grants
 * `lambda:InvokeFunction` on `<function>:*` too, a wildcard we do not need.
 */
export class SweeperSchedule extends Construct {
  readonly function: NodejsFunction;

  constructor(scope: Construct, id: string, resources: StackResources) {
    super(scope, id);
    this.function = createFunction(
      this,
      { name: 'sweeper', entry: functionEntry('sweeper'), tableAccess: 'readWrite', publishesEvents: true, timeout: Duration.minutes(5) },
      resources,
    );
    const role = new iam.Role(this, 'ScheduleRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com'),
      description: `Invokes the planning meetings sweeper (${resources.config.customer})`,
    });
    role.addToPolicy(new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.function.functionArn] }));
    new scheduler.CfnSchedule(this, 'Schedule', {
      description: 'Expire provisional planning meetings past their hold or their start',
      scheduleExpression: `rate(${SWEEP_EVERY_MINUTES} minutes)`,
      flexibleTimeWindow: { mode: 'OFF' },
      target: {
        arn: this.function.functionArn,
        roleArn: role.roleArn,
        retryPolicy: { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 600 },
      },
    });
  }
}
