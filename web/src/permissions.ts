import type { PermissionId, RoleId } from '#domain/roles.ts';

/**
 * Which screens a role sees. The API has no "my permissions" call and the map is read
 * with ConfigureSystem only, so the app starts from the defaults of SPEC §2 (kept equal
 * to the service's by a test) and the API still decides every request.
 */
export const defaultScreenPermissions: Record<RoleId, readonly PermissionId[]> = {
  owner: ['BookPlanningMeetingPreGatewaySubmission', 'ManagePlanningMeetings', 'ManagePlanningCapacity', 'ConfigureSystem', 'ManageDirectory'],
  awardingorganisation: ['BookPlanningMeetingPreGatewaySubmission', 'ManagePlanningMeetings', 'ManagePlanningCapacity'],
  epa: ['ManagePlanningMeetings'],
  apprentice: ['BookPlanningMeetingPreGatewaySubmission'],
  trainingprovider: ['BookPlanningMeetingPreGatewaySubmission'],
  employer: ['BookPlanningMeetingPreGatewaySubmission'],
};

export const permissionsOfRoles = (
  roles: readonly RoleId[],
  map: Partial<Record<RoleId, readonly PermissionId[]>> = defaultScreenPermissions,
): Set<PermissionId> => new Set(roles.flatMap((role) => map[role] ?? []));

export const roleNames: Record<RoleId, string> = {
  owner: 'Administrator',
  awardingorganisation: 'Awarding organisation',
  epa: 'End-point assessor',
  apprentice: 'Apprentice',
  trainingprovider: 'Training provider',
  employer: 'Employer',
};

/** The system group of SPEC §3.1 (fixed id, always exists). */
export const SYSTEM_GROUP = { id: 'planning-meeting-bookings', name: 'Planning Meeting Bookings' } as const;
