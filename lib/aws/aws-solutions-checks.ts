import { type App, Aspects } from 'aws-cdk-lib';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks } from 'cdk-nag';

/**
 * cdk-nag's AWS Solutions pack on every construct of the app, at every synth: a finding is
 * an error annotation on its resource unless a suppression (with its reason) says why it
 * stands. `cdk synth` and `cdk deploy` stop on an error annotation ("Found errors"), and
 * `failedChecks` lets the app stop by itself too, whoever runs it.
 */
export const addAwsSolutionsChecks = (app: App): void => {
  // Verbose: a finding names the rule's explanation and the fix, not only its id.
  Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
};

/** Every error annotation of a synthesised app, as `<construct path>: <message>` (cdk-nag's unsuppressed findings among them). */
export const failedChecks = (assembly: CloudAssembly): string[] =>
  assembly.stacks.flatMap((stack) =>
    stack.messages.filter((message) => message.level === 'error').map((message) => `${message.id}: ${String(message.entry.data).split('\n')[0]}`),
  );
