import * as z from 'zod';
import { AvailabilityScheduleInput } from '#domain/availability-schedule.ts';
import { CommunicationConfiguration } from '#domain/communication-configuration.ts';
import { AvailabilityConfiguration } from '#domain/configuration.ts';
import { ApprenticeInput, GroupInput, StandardInput, UserInput } from '#domain/directory.ts';
import { Id, LocalDate } from '#domain/primitives.ts';
import { PermissionsConfiguration } from '#domain/roles.ts';

/**
 * What a stored record is answered with: its own fields and the stamps every record
 * carries, as one closed object. Each is the input schema extended (not an intersection
 * with a second object: two closed objects side by side, as JSON Schema's `allOf`, refuse
 * every answer, since each refuses the other's fields), with the read-only fields that a
 * PUT may carry made required, because a GET always answers them.
 */
const recordMeta = {
  version: z.int().min(0).meta({ description: 'Send it back as If-Match (or in the body) to change this record; 0 when never saved' }),
  updatedAt: z.string(),
  updatedBy: z.string(),
};

export const UserRecord = UserInput.extend({ id: Id, ...recordMeta });
export const ApprenticeRecord = ApprenticeInput.extend({ id: Id, ...recordMeta });

/**
 * A standard as stored: the input's transform has filled in the slot interval. Written
 * out from the transform's input, because a transform has no JSON Schema of its output
 * (it would be documented as "anything").
 */
export const StandardRecord = StandardInput.in.extend({
  slotIntervalMinutes: StandardInput.in.shape.slotIntervalMinutes.unwrap(),
  id: Id,
  ...recordMeta,
});

export const GroupRecord = GroupInput.extend({ id: Id, ...recordMeta });
export const AvailabilityScheduleRecord = AvailabilityScheduleInput.extend({ userId: Id, ...recordMeta });

/** Non-working dates as answered: the transform on input only sorts them and drops repeats. */
export const AvailabilityConfigurationRecord = AvailabilityConfiguration.extend({
  nonWorkingDates: z.array(LocalDate).meta({ description: 'Sorted, each date once' }),
  ...recordMeta,
});
export const CommunicationConfigurationRecord = CommunicationConfiguration.extend(recordMeta);
export const PermissionsConfigurationRecord = PermissionsConfiguration.extend(recordMeta);

export const UserIdParams = z.strictObject({ userId: Id });
export const ApprenticeIdParams = z.strictObject({ apprenticeId: Id });
export const StandardIdParams = z.strictObject({ standardId: Id });
export const GroupIdParams = z.strictObject({ groupId: Id });

export const Health = z.object({ status: z.literal('ok') });
