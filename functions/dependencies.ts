import type * as z from 'zod';
import type { Dependencies } from '#ports/dependencies.ts';
import { readEnvironment } from './lambda-environment.ts';

let replacement: Dependencies | undefined;

/** The local host and the tests point the same handlers at the embedded store. */
export const useDependencies = (deps: Dependencies): void => {
  replacement = deps;
};

/**
 * A function group's settings, read once. In Lambda (the runtime sets
 * AWS_LAMBDA_FUNCTION_NAME) they are read while the module loads: a function deployed
 * without one fails its init phase with the setting's name, before it takes any event.
 * Elsewhere (the local host, tests) they are read on first use, which a replacement
 * set through `useDependencies` makes never.
 */
export const lambdaEnvironment = <Schema extends z.ZodType>(schema: Schema): (() => z.output<Schema>) => {
  let environment: z.output<Schema> | undefined = process.env.AWS_LAMBDA_FUNCTION_NAME ? readEnvironment(schema, process.env) : undefined;
  return () => (environment ??= readEnvironment(schema, process.env));
};

/**
 * A function group's dependencies, built by `build` on first use and kept for the
 * container's life, unless the local host or a test has put its own in place. Each
 * group's `build` makes only the clients that group uses.
 */
export const dependenciesBuiltBy = (build: () => Dependencies): (() => Dependencies) => {
  let built: Dependencies | undefined;
  return () => replacement ?? (built ??= build());
};
