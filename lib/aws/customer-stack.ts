import { fileURLToPath } from 'node:url';
import type { App } from 'aws-cdk-lib';
import { availableCustomers, ConfigurationError, loadCustomerConfig } from './customer-config.ts';
import { PlanningMeetingsStack, stackNameOf } from './planning-meetings-stack.ts';

export const customersDir = fileURLToPath(new URL('../../config/customers/', import.meta.url));

/**
 * The stack of the customer named by `-c customer=<name>`. One customer per synth, so a
 * deploy can never touch another customer's stack by accident.
 */
export const createCustomerStack = (app: App, dir: string = customersDir): PlanningMeetingsStack => {
  const customer: unknown = app.node.tryGetContext('customer');
  if (typeof customer !== 'string' || customer.trim() === '') {
    const available = availableCustomers(dir);
    throw new ConfigurationError(
      'Name the customer to synthesise: cdk synth -c customer=<name>' +
        (available.length > 0 ? ` (one of: ${available.join(', ')})` : ''),
    );
  }
  const config = loadCustomerConfig(customer, dir);
  return new PlanningMeetingsStack(app, stackNameOf(config.customer), {
    config,
    env: { account: config.account, region: config.region },
  });
};
