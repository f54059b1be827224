import { App } from 'aws-cdk-lib';
import { ConfigurationError } from '#aws/customer-config.ts';
import { createCustomerStack } from '#aws/customer-stack.ts';

const app = new App();
try {
  createCustomerStack(app);
} catch (error) {
  // A mistake in the command or a customer's settings: the message says what to fix, a stack trace would bury it.
  if (!(error instanceof ConfigurationError)) throw error;
  console.error(error.message);
  process.exit(1);
}
