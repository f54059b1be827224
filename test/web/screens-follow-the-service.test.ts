import { describe, expect, it } from 'vitest';
import { templatePlaceholders } from '#domain/communication-configuration.ts';
import { SYSTEM_GROUP_ID, SYSTEM_GROUP_NAME } from '#domain/directory.ts';
import { defaultPermissions } from '#domain/roles.ts';
import { defaultScreenPermissions, SYSTEM_GROUP } from '../../web/src/permissions.ts';
import { placeholderMeanings, templateProblem } from '../../web/src/templates.ts';
import { CommunicationConfiguration } from '#domain/communication-configuration.ts';

// The screens carry a few of the service's lists as values (types alone cannot), so the
// bundle holds no server code; these tests keep them equal to the service's.
describe('what the screens know of the service', () => {
  it('shows screens by the default permissions of SPEC §2', () => {
    expect(defaultScreenPermissions).toEqual(defaultPermissions.roles);
  });

  it('lists exactly the placeholders a template may use', () => {
    expect(Object.keys(placeholderMeanings).sort()).toEqual([...templatePlaceholders].sort());
  });

  it('names the system group as the service does', () => {
    expect(SYSTEM_GROUP).toEqual({ id: SYSTEM_GROUP_ID, name: SYSTEM_GROUP_NAME });
  });

  it.each([
    ['Meeting on {{date}}', true],
    ['Meeting on {{ date }}', true],
    ['Meeting on {{day}}', false],
    ['Meeting on {{date}', false],
    ['Meeting on date}}', false],
  ])('checks the template %j as the API does (accepted: %s)', (template, accepted) => {
    expect(templateProblem(template) === undefined).toBe(accepted);
    const parsed = CommunicationConfiguration.safeParse({ types: { meetingInvite: { enabled: true, channels: ['email'], recipientRoles: [], subject: template, body: 'Body', sms: 'Text' } } });
    expect(parsed.success).toBe(accepted);
  });

  it.each([
    ['Meeting on {{date}}', true],
    ['x'.repeat(306), true],
    ['x'.repeat(307), false],
    [`€${'x'.repeat(305)}`, false],
    [`Booked 📅 {{date}} ${'x'.repeat(110)}`, true],
    [`Your planning meeting is booked 📅 {{date}} ${'x'.repeat(99)}`, false],
  ])('checks the SMS text %j as the API does, in text messages as billed (accepted: %s)', (template, accepted) => {
    expect(templateProblem(template, 'sms') === undefined).toBe(accepted);
    const parsed = CommunicationConfiguration.safeParse({ types: { meetingInvite: { enabled: true, channels: ['email'], recipientRoles: [], subject: 'Subject', body: 'Body', sms: template } } });
    expect(parsed.success).toBe(accepted);
  });
});
