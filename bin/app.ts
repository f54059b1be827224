import { App } from 'aws-cdk-lib';
import { addAwsSolutionsChecks, failedChecks } from '#aws/aws-solutions-checks.ts';
import { ConfigurationError } from '#aws/customer-config.ts';
import { createCustomerStack } from '#aws/customer-stack.ts';

const app = new App();
addAwsSolutionsChecks(app);
try {
  createCustomerStack(app);
} catch (error) {
  // A mistake in the command or a customer's settings: the message says what to fix, a stack trace would bury it.
  if (!(error instanceof ConfigurationError)) throw error;
  console.error(error.message);
  process.exit(1);
}

// An unsuppressed cdk-nag finding stops the synth: a stack that breaks a check is fixed, or the
// check is suppressed on its resource with the reason, never deployed as it is. With
// @aws-cdk/core:annotationsInValidationReport the synth reports every error annotation, and
// throws the report when run on its own; under the CLI it prints the report and carries on, so
// the errors are counted here too.
let errors: string[];
try {
  errors = failedChecks(app.synth());
} catch (error) {
  if (!(error instanceof Error && /ValidationFailed|Validation failed/.test(`${error.name} ${error.message}`))) throw error;
  console.error(error.message);
  process.exit(1);
}
if (errors.length > 0) {
  console.error(`Synthesis failed: ${errors.length} unsuppressed error${errors.length === 1 ? '' : 's'}\n${errors.join('\n')}`);
  process.exit(1);
}
