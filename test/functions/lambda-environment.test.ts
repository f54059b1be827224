import { afterEach, describe, expect, it } from 'vitest';
import { lambdaEnvironment } from '../../functions/dependencies.ts';
import { EnvironmentError, NotifierEnvironment, PublishingEnvironment, readEnvironment, ServiceEnvironment } from '../../functions/lambda-environment.ts';

const complete = {
  TABLE_NAME: 'planning-meetings-acme',
  ORGANISATION: 'acme',
  ROLES_CLAIM: 'cognito:groups',
  EMAIL_SENDER: 'planning@acme.example',
  EMAIL_SENDER_NAME: 'Acme EPA planning',
};

const failureOf = (read: () => unknown): string => {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(EnvironmentError);
    return (error as Error).message;
  }
  throw new Error('expected the environment to be refused');
};

describe('the Lambda environment', () => {
  it('is read as the stack sets it', () => {
    expect(readEnvironment(PublishingEnvironment, { ...complete, EVENT_BUS_NAME: 'planning-meetings-acme', AWS_REGION: 'eu-west-2' })).toEqual({
      ...complete,
      EVENT_BUS_NAME: 'planning-meetings-acme',
    });
  });

  it('names every missing setting, with no fallback to a default bus or an example sender', () => {
    const message = failureOf(() => readEnvironment(PublishingEnvironment, { ROLES_CLAIM: 'roles' }));
    for (const name of ['TABLE_NAME', 'ORGANISATION', 'EMAIL_SENDER', 'EMAIL_SENDER_NAME', 'EVENT_BUS_NAME']) expect(message).toContain(`${name} is not set`);
    expect(message).not.toContain('ROLES_CLAIM');
  });

  it('refuses a sender that is not an address, and reads a notifier’s own settings', () => {
    expect(failureOf(() => readEnvironment(ServiceEnvironment, { ...complete, EMAIL_SENDER: 'planning' }))).toContain('EMAIL_SENDER must be an email address');
    expect(readEnvironment(NotifierEnvironment, { ...complete, SMS_SENDER_ID: 'AcmeEPA' })).toMatchObject({ SMS_SENDER_ID: 'AcmeEPA' });
  });

  describe('read at start in Lambda', () => {
    const saved = { ...process.env };
    afterEach(() => {
      process.env = { ...saved };
    });

    it('fails the module load there, before any event', () => {
      process.env = { AWS_LAMBDA_FUNCTION_NAME: 'planning-meetings-acme-bookings', TABLE_NAME: 'planning-meetings-acme' };
      expect(() => lambdaEnvironment(ServiceEnvironment)).toThrow(/ORGANISATION is not set/);
    });

    it('elsewhere only when first used, so the local host may put its own dependencies in place', () => {
      process.env = {};
      const environment = lambdaEnvironment(ServiceEnvironment);
      expect(() => environment()).toThrow(EnvironmentError);
      process.env = { ...complete };
      expect(environment().TABLE_NAME).toBe('planning-meetings-acme');
    });
  });
});
