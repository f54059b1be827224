import * as z from 'zod';
import { AvailabilityScheduleInput } from '#domain/availability-schedule.ts';
import { AvailabilityConfiguration } from '#domain/configuration.ts';
import { ApprenticeInput, GroupInput, StandardInput, UserInput } from '#domain/directory.ts';
import { Id } from '#domain/primitives.ts';
import { PermissionsConfiguration } from '#domain/roles.ts';

/** The fields every stored record answers with besides its own. */
const recordMeta = {
  version: z.int().min(0),
  updatedAt: z.string(),
  updatedBy: z.string(),
};

const withMeta = <T extends z.ZodType>(schema: T, idField: string) =>
  z.intersection(schema, z.object({ [idField]: Id, ...recordMeta }));

export const UserRecord = withMeta(UserInput, 'id');
export const ApprenticeRecord = withMeta(ApprenticeInput, 'id');
export const StandardRecord = withMeta(StandardInput, 'id');
export const GroupRecord = withMeta(GroupInput, 'id');
export const AvailabilityScheduleRecord = withMeta(AvailabilityScheduleInput, 'userId');
export const AvailabilityConfigurationRecord = z.intersection(AvailabilityConfiguration, z.object(recordMeta));
export const PermissionsConfigurationRecord = z.intersection(PermissionsConfiguration, z.object(recordMeta));

export const UserIdParams = z.strictObject({ userId: Id });
export const ApprenticeIdParams = z.strictObject({ apprenticeId: Id });
export const StandardIdParams = z.strictObject({ standardId: Id });
export const GroupIdParams = z.strictObject({ groupId: Id });

export const Health = z.object({ status: z.literal('ok') });
