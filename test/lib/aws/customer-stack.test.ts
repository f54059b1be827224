import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '#aws/customer-config.ts';
import { createCustomerStack } from '#aws/customer-stack.ts';
import { testApp } from './synth-stack.ts';

describe('createCustomerStack', () => {
  it('creates the stack of the customer named in the context, in its region', () => {
    const stack = createCustomerStack(testApp({ customer: 'demo' }));
    expect(stack.stackName).toBe('PlanningMeetings-demo');
    expect(stack.region).toBe('eu-west-2');
  });

  it('asks for the customer when the context names none', () => {
    expect(() => createCustomerStack(testApp())).toThrow(ConfigurationError);
    expect(() => createCustomerStack(testApp())).toThrow(/-c customer=<name> \(one of: .*demo/);
  });

  it('refuses a customer without a config file', () => {
    expect(() => createCustomerStack(testApp({ customer: 'nobody' }))).toThrow(/Unknown customer "nobody"/);
  });
});
