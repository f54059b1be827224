import * as z from 'zod';
import { readOnlyFields } from './read-only-fields.ts';

export const roleIds = ['owner', 'awardingorganisation', 'epa', 'apprentice', 'trainingprovider', 'employer'] as const;
export const RoleId = z.enum(roleIds);
export type RoleId = z.infer<typeof RoleId>;

export const permissionIds = [
  'BookPlanningMeeting',
  'ManagePlanningMeetings',
  'ManagePlanningCapacity',
  'ConfigureSystem',
  'ManageDirectory',
] as const;
export const PermissionId = z.enum(permissionIds);
export type PermissionId = z.infer<typeof PermissionId>;

/** Role → permissions. Stored per customer; these are the defaults of SPEC §2. */
export const PermissionsConfiguration = z.strictObject({
  roles: z.partialRecord(RoleId, z.array(PermissionId)),
  ...readOnlyFields,
});
export type PermissionsConfiguration = z.infer<typeof PermissionsConfiguration>;

export const defaultPermissions: PermissionsConfiguration = {
  roles: {
    owner: ['BookPlanningMeeting', 'ManagePlanningMeetings', 'ManagePlanningCapacity', 'ConfigureSystem', 'ManageDirectory'],
    awardingorganisation: ['BookPlanningMeeting', 'ManagePlanningMeetings', 'ManagePlanningCapacity'],
    epa: ['ManagePlanningMeetings'],
    apprentice: ['BookPlanningMeeting'],
    trainingprovider: ['BookPlanningMeeting'],
    employer: ['BookPlanningMeeting'],
  },
};

/** Who is calling: the `sub` claim and the roles claim, nothing else. */
export interface Caller {
  userId: string;
  roles: RoleId[];
}

export const permissionsOf = (caller: Caller, configuration: PermissionsConfiguration): Set<PermissionId> =>
  new Set(caller.roles.flatMap((role) => configuration.roles[role] ?? []));


