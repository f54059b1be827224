import * as z from 'zod';
import { readOnlyFields } from './read-only-fields.ts';

export const roleIds = ['owner', 'awardingorganisation', 'epa', 'apprentice', 'trainingprovider', 'employer'] as const;
export const RoleId = z.enum(roleIds);
export type RoleId = z.infer<typeof RoleId>;

/**
 * The three booking permissions are one scale (SPEC §2, epaPRO 4.21): each lets its
 * holder list slots and book provisionally for apprentices from a gateway stage on.
 */
export const bookingPermissionIds = [
  'BookPlanningMeetingPreGatewaySubmission',
  'BookPlanningMeetingPostGatewaySubmission',
  'BookPlanningMeetingPostGatewayApproval',
] as const;
export type BookingPermissionId = (typeof bookingPermissionIds)[number];

export const permissionIds = [
  ...bookingPermissionIds,
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
    owner: [
      'BookPlanningMeetingPreGatewaySubmission',
      'ManagePlanningMeetings',
      'ManagePlanningCapacity',
      'ConfigureSystem',
      'ManageDirectory',
    ],
    awardingorganisation: ['BookPlanningMeetingPreGatewaySubmission', 'ManagePlanningMeetings', 'ManagePlanningCapacity'],
    epa: ['ManagePlanningMeetings'],
    apprentice: ['BookPlanningMeetingPreGatewaySubmission'],
    trainingprovider: ['BookPlanningMeetingPreGatewaySubmission'],
    employer: ['BookPlanningMeetingPreGatewaySubmission'],
  },
};

/** The single booking permission of releases before the three stages; a map saved then still names it. */
const FORMER_BOOKING_PERMISSION = 'BookPlanningMeeting';

/**
 * A stored map as it is read: the former `BookPlanningMeeting` is read as
 * `BookPlanningMeetingPreGatewaySubmission`, which allows what it allowed (every stage).
 * A name no release knows grants nothing rather than failing every request.
 */
export const storedPermissionsConfiguration = (stored: PermissionsConfiguration): PermissionsConfiguration => {
  const roles: PermissionsConfiguration['roles'] = {};
  for (const role of roleIds) {
    const named = stored.roles[role] as readonly string[] | undefined;
    if (!named) continue;
    const read = named.map((name) => (name === FORMER_BOOKING_PERMISSION ? 'BookPlanningMeetingPreGatewaySubmission' : name));
    roles[role] = [...new Set(read.filter((name): name is PermissionId => PermissionId.safeParse(name).success))];
  }
  return { ...stored, roles };
};

/** Who is calling: the `sub` claim and the roles claim, nothing else. */
export interface Caller {
  userId: string;
  roles: RoleId[];
}

export const permissionsOf = (caller: Caller, configuration: PermissionsConfiguration): Set<PermissionId> =>
  new Set(caller.roles.flatMap((role) => configuration.roles[role] ?? []));

/** Holds at least one of the three booking permissions: sees the booking screens and may call the booking routes. */
export const hasBookingPermission = (permissions: ReadonlySet<PermissionId>): boolean =>
  bookingPermissionIds.some((permission) => permissions.has(permission));


