import * as events from 'aws-cdk-lib/aws-events';
import type { Construct } from 'constructs';

/**
 * The planning-meeting change events of one customer (SPEC §8). A bus of its own, not
 * the account's default bus, so the customer's rules see only the customer's events
 * and `events:PutEvents` can be granted on this bus alone.
 * The rules of the rule table (shared/events) and their targets attach here.
 */
export const createEventBus = (scope: Construct, customer: string): events.EventBus =>
  new events.EventBus(scope, 'EventBus', { eventBusName: `planning-meetings-${customer}` });
