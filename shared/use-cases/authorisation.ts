import type { ApprenticeInput } from '#domain/directory.ts';
import { DomainError } from '#domain/errors.ts';
import type { PlanningMeeting } from '#domain/planning-meeting.ts';
import { bookingPermissionCovers, gatewayOf, gatewayStatuses, gatewayStatusNames, type GatewayStatus } from '#domain/gateway.ts';
import { hasBookingPermission, type Caller, type PermissionId, type RoleId } from '#domain/roles.ts';
import type { Actor } from '#ports/actor.ts';

/**
 * The one home of "who may act on whose data" (SPEC §2). The route table checks the
 * permission a route needs; these checks narrow it to the caller's own data. The
 * README's permissions table says the same in words.
 */
type Who = Pick<Actor, 'caller' | 'permissions'>;

/** Roles whose permissions reach every apprentice and every meeting of the organisation. */
const ORGANISATION_WIDE_ROLES: readonly RoleId[] = ['owner', 'awardingorganisation'];

const hasOrganisationWideRole = (caller: Caller): boolean => caller.roles.some((role) => ORGANISATION_WIDE_ROLES.includes(role));

/** What an apprentice's record says about who is linked to them, and the gateway stage that decides which booking permission covers them. */
export type ApprenticeLinks = Pick<ApprenticeInput, 'epaId' | 'providerUserIds' | 'employerUserIds' | 'gateway'>;

/** The apprentice, the EPA, or a directory user added as an attendee. */
export const attends = (meeting: Pick<PlanningMeeting, 'apprenticeId' | 'epaId' | 'attendees'>, userId: string): boolean =>
  meeting.apprenticeId === userId ||
  meeting.epaId === userId ||
  meeting.attendees.some((attendee) => attendee.kind === 'user' && attendee.userId === userId);

/** Capacity managers, and owners and AO users who book or manage meetings, see every meeting. */
export const seesEveryMeeting = ({ caller, permissions }: Who): boolean =>
  permissions.has('ManagePlanningCapacity') ||
  ((permissions.has('ManagePlanningMeetings') || hasBookingPermission(permissions)) && hasOrganisationWideRole(caller));

/**
 * Whether one of the caller's booking permissions covers the apprentice's gateway
 * stage (SPEC §2: one cumulative scale). An unknown apprentice has no stage: any
 * booking permission lets the caller on, to be told it does not exist.
 */
const coversStage = (permissions: ReadonlySet<PermissionId>, apprentice: ApprenticeLinks | undefined): boolean =>
  apprentice === undefined ? hasBookingPermission(permissions) : bookingPermissionCovers(permissions, gatewayOf(apprentice).status);

/**
 * Listing slots, booking provisionally, and listing or reading meetings on an
 * apprentice's behalf. A booking permission covering the apprentice's gateway stage
 * is needed, and then: organisation-wide (owner, AO, capacity managers) any
 * apprentice; anyone else only the apprentice themself or an apprentice whose record
 * links them: training-provider staff through `providerUserIds`, employer staff
 * through `employerUserIds`, an EPA as the assigned `epaId`. No record (unknown
 * apprentice) links nobody.
 */
export const mayBookFor = (who: Who, apprenticeId: string, apprentice: ApprenticeLinks | undefined): boolean => {
  const { caller, permissions } = who;
  if (!coversStage(permissions, apprentice)) return false;
  if (permissions.has('ManagePlanningCapacity') || hasOrganisationWideRole(caller)) return true;
  if (caller.userId === apprenticeId) return true;
  if (!apprentice) return false;
  const { userId, roles } = caller;
  return (
    (roles.includes('trainingprovider') && (apprentice.providerUserIds ?? []).includes(userId)) ||
    (roles.includes('employer') && (apprentice.employerUserIds ?? []).includes(userId)) ||
    (roles.includes('epa') && apprentice.epaId === userId)
  );
};

export const requireMayBookFor = (who: Who, apprenticeId: string, apprentice: ApprenticeLinks | undefined): void => {
  if (!hasBookingPermission(who.permissions)) throw new DomainError('FORBIDDEN', 'This needs a permission to book planning meetings');
  if (!coversStage(who.permissions, apprentice)) {
    const stage = gatewayStatusNames[gatewayOf(apprentice ?? {}).status];
    throw new DomainError('FORBIDDEN', `Your permissions do not cover booking for an apprentice whose ${stage}`);
  }
  if (!mayBookFor(who, apprenticeId, apprentice)) {
    throw new DomainError('FORBIDDEN', `You may book only for yourself or for apprentices linked to you, not for ${apprenticeId}`);
  }
};

/**
 * Whom the planning meeting listing (SPEC §3.5) shows the caller: the apprentices they
 * may book for or manage, by the rules of `mayBookFor` and `mayManage`.
 * Organisation-wide (owner, AO, capacity managers): every apprentice. Anyone else: the
 * apprentices linked to them, as `mayBookFor` links them: themself, and by role
 * through `providerUserIds`, `employerUserIds` or as the assigned EPA. Of those, the
 * gateway stages one of their booking permissions covers, or every stage for whoever
 * manages meetings or capacity. Undefined: the caller may neither book nor manage.
 */
export const listedApprentices = (
  who: Who,
): { everyApprentice: boolean; linkedAs: Array<'self' | 'provider' | 'employer' | 'epa'>; stages: GatewayStatus[] } | undefined => {
  const { caller, permissions } = who;
  const manages = permissions.has('ManagePlanningMeetings') || permissions.has('ManagePlanningCapacity');
  if (!manages && !hasBookingPermission(permissions)) return undefined;
  const { roles } = caller;
  return {
    everyApprentice: permissions.has('ManagePlanningCapacity') || hasOrganisationWideRole(caller),
    linkedAs: [
      'self',
      ...(roles.includes('trainingprovider') ? (['provider'] as const) : []),
      ...(roles.includes('employer') ? (['employer'] as const) : []),
      ...(roles.includes('epa') ? (['epa'] as const) : []),
    ],
    stages: gatewayStatuses.filter((stage) => manages || bookingPermissionCovers(permissions, stage)),
  };
};

/**
 * Updating, rescheduling, cancelling and changing the attendees of a meeting, and
 * booking one directly (the meeting to be). ManagePlanningCapacity reaches any meeting;
 * ManagePlanningMeetings any for owners and AO users, and otherwise (an EPA) only the
 * meetings the caller attends: a direct booking by an EPA only with itself as the EPA.
 */
export const mayManage = (who: Who, meeting: Pick<PlanningMeeting, 'apprenticeId' | 'epaId' | 'attendees'>): boolean => {
  const { caller, permissions } = who;
  if (permissions.has('ManagePlanningCapacity')) return true;
  if (!permissions.has('ManagePlanningMeetings')) return false;
  return hasOrganisationWideRole(caller) || attends(meeting, caller.userId);
};

export const requireMayManage = (who: Who, meeting: Pick<PlanningMeeting, 'apprenticeId' | 'epaId' | 'attendees'>): void => {
  if (!who.permissions.has('ManagePlanningMeetings') && !who.permissions.has('ManagePlanningCapacity')) {
    throw new DomainError('FORBIDDEN', 'This needs ManagePlanningMeetings');
  }
  if (!mayManage(who, meeting)) throw new DomainError('FORBIDDEN', 'You may manage only the planning meetings you attend');
};

/**
 * A direct booking: organisation-wide staff and capacity managers for any apprentice;
 * anyone else who manages meetings (an EPA) only for an apprentice assigned to them,
 * since the booking makes them an attendee who may then read the apprentice. An
 * unknown apprentice is refused alike, so the answer tells nothing of who exists.
 */
export const requireMayBookDirectly = (who: Who, apprentice: ApprenticeLinks | undefined): void => {
  const { caller, permissions } = who;
  if (permissions.has('ManagePlanningCapacity') || hasOrganisationWideRole(caller)) return;
  if (apprentice?.epaId !== caller.userId) {
    throw new DomainError('FORBIDDEN', 'You may book directly only for the apprentices assigned to you');
  }
};

/** Passes when the caller is the person concerned or holds one of the permissions. */
export const requireSelfOr = (
  caller: Caller,
  permissions: ReadonlySet<PermissionId>,
  userId: string,
  anyOf: readonly PermissionId[],
): void => {
  if (caller.userId === userId) return;
  if (anyOf.some((permission) => permissions.has(permission))) return;
  throw new DomainError('FORBIDDEN', `This needs one of: ${anyOf.join(', ')}`);
};
