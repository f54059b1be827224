/**
 * Put in place of the SDK's default credential chain when functions are bundled (an
 * esbuild alias, `lib/aws/lambda-function.ts`). Lambda hands a function its role's
 * credentials in the environment, the chain's first link; the rest (profiles, SSO,
 * web identity, instance metadata, with the STS and SSO clients they bring) never
 * runs there and was a quarter of every bundle.
 */
export { fromEnv as defaultProvider } from '@aws-sdk/credential-provider-env';
