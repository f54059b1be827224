import type { OperationId } from './routes.ts';
import type { GatewayStatus } from '#domain/gateway.ts';
import type { BookingPermissionId } from '#domain/roles.ts';

/**
 * Who gets what from each route: the expected answers kept beside the route table, one
 * row per operation (a route without its row does not compile, and the authorisation
 * matrix test walks every route against this table). It is the README's permissions
 * table as data, with the default role → permissions map of SPEC §2.
 *
 * The callers are the demo users of each role: `owner` demo-owner, `ao` demo-ao (AO
 * contact of apprentice-1 and apprentice-2), `epa` epa-1 (assigned to apprentice-1),
 * `apprentice` apprentice-1, `provider` demo-provider and `employer` demo-employer
 * (both linked to apprentice-1 only).
 *
 * - `own`: the caller's own data, as far as it has any: apprentice-1, a meeting of
 *   apprentice-1 with epa-1, epa-1's availability.
 * - `others`: someone else's: apprentice-2 (linked to nobody), a meeting of apprentice-2
 *   with epa-2, epa-2's availability; a slot-based booking for apprentice-3 (linked to
 *   nobody, slots of epa-2 only). Routes without a subject have no `others`.
 * - `cases`: further requests the route takes, by name.
 *
 * A token that is missing, badly signed, unsigned (`alg: none`), expired or without
 * `exp` is answered 401 on every route but the public ones (`public: true`).
 * `'empty'` is a 200 whose page lists nothing; a listing's 200 means it lists something.
 */
export type DemoCaller = 'owner' | 'ao' | 'epa' | 'apprentice' | 'provider' | 'employer';
export const demoCallers = ['owner', 'ao', 'epa', 'apprentice', 'provider', 'employer'] as const satisfies readonly DemoCaller[];

export type ExpectedAnswer = 200 | 201 | 204 | 403 | 404 | 'empty';
export type AnswersByCaller = Readonly<Record<DemoCaller, ExpectedAnswer>>;

export interface RouteAccess {
  public?: true;
  own: AnswersByCaller;
  others?: AnswersByCaller;
  cases?: Readonly<Record<string, AnswersByCaller>>;
}

const everyone = (answer: ExpectedAnswer): AnswersByCaller => ({
  owner: answer,
  ao: answer,
  epa: answer,
  apprentice: answer,
  provider: answer,
  employer: answer,
});

/** Only the demo owner holds ConfigureSystem and ManageDirectory. */
const ownerOnly = (answer: 200 | 204 = 200): AnswersByCaller => ({ ...everyone(403), owner: answer });
/** ManagePlanningCapacity: owner and AO. */
const capacityManagers = (answer: 200 | 201 = 200): AnswersByCaller => ({ ...everyone(403), owner: answer, ao: answer });
/** ManagePlanningMeetings over a meeting the EPA attends: owner, AO and the EPA. */
const meetingManagers: AnswersByCaller = { ...everyone(403), owner: 200, ao: 200, epa: 200 };
/**
 * ManagePlanningMeetings over a meeting of apprentice-2 with epa-2: owner and AO. The EPA holds the
 * permission but may not read the meeting, so it is told, as a read tells it, that there is none; the
 * rest lack the permission, which says nothing about the meeting.
 */
const managersOfOthersMeeting: AnswersByCaller = { ...capacityManagers(), epa: 404 };
/** A meeting of apprentice-1: those who attend it, and those who may book for apprentice-1. */
const readersOfOwnMeeting: AnswersByCaller = everyone(200);
/** A meeting of apprentice-2 with epa-2: organisation-wide staff only; the rest are told it does not exist. */
const readersOfOthersMeeting: AnswersByCaller = { ...everyone(404), owner: 200, ao: 200 };
/** BookPlanningMeeting for apprentice-1: everyone but the EPA, who has no BookPlanningMeeting by default. */
const bookersForOwn = (answer: 200 | 201): AnswersByCaller => ({ ...everyone(answer), epa: 403 });
/** BookPlanningMeeting for apprentice-2, linked to nobody: organisation-wide staff only. */
const bookersForOthers = (answer: 200 | 201): AnswersByCaller => ({ ...everyone(403), owner: answer, ao: answer });

export const routeAccess = {
  getHealth: { public: true, own: everyone(200) },

  // Staff only (SPEC §3.5): those holding ManagePlanningMeetings, ManagePlanningCapacity, ConfigureSystem or ManageDirectory.
  searchUsers: {
    own: { ...everyone(403), owner: 200, ao: 200, epa: 200 },
    cases: { 'by name and role': { ...everyone(403), owner: 200, ao: 200, epa: 200 } },
  },
  putUser: { own: ownerOnly() },
  getUser: {
    own: everyone(200),
    others: { ...everyone(403), owner: 200, ao: 200 },
    cases: { 'an EPA': { ...everyone(403), owner: 200, ao: 200 } },
  },
  // Everyone lists someone: themself, the apprentices linked to them, or all. apprentice-2 (by name) is linked to nobody.
  listApprentices: {
    own: everyone(200),
    others: { ...everyone('empty'), owner: 200, ao: 200 },
  },
  putApprentice: { own: ownerOnly() },
  // Standards' names are no secret (anyone reads a standard); groups are read by ConfigureSystem and ManagePlanningCapacity.
  listStandards: { own: everyone(200) },
  listGroups: { own: capacityManagers() },
  getApprentice: {
    own: everyone(200),
    others: { ...everyone(403), owner: 200, ao: 200 },
  },

  putStandard: { own: ownerOnly() },
  getStandard: { own: everyone(200) },
  putGroup: { own: ownerOnly() },
  getGroup: { own: capacityManagers() },
  deleteGroup: { own: ownerOnly(204) },
  putUserAvailability: {
    own: { ...everyone(403), owner: 200, epa: 200 },
    others: ownerOnly(),
  },
  getUserAvailability: {
    own: { ...everyone(403), owner: 200, ao: 200, epa: 200 },
    others: capacityManagers(),
  },
  getAvailabilityConfiguration: { own: everyone(200) },
  putAvailabilityConfiguration: { own: ownerOnly() },
  getCommunicationConfiguration: { own: ownerOnly() },
  putCommunicationConfiguration: { own: ownerOnly() },
  getPermissionsConfiguration: { own: ownerOnly() },
  putPermissionsConfiguration: { own: ownerOnly() },

  listPlanningMeetingSlots: {
    own: bookersForOwn(200),
    others: bookersForOthers(200),
    // Only those who may book for any apprentice learn that an id is nobody's.
    cases: { 'an apprentice that does not exist': { ...everyone(403), owner: 404, ao: 404 } },
  },

  bookPlanningMeeting: {
    own: bookersForOwn(201),
    others: bookersForOthers(201),
    cases: {
      'a direct booking with the caller as the EPA': { ...everyone(403), owner: 201, ao: 201, epa: 201 },
      'a direct booking naming another EPA': capacityManagers(201),
      // apprentice-2 is assigned to no EPA: an EPA booking it would become an attendee who reads its record.
      'a direct booking of an apprentice not assigned to the caller': { ...everyone(403), owner: 201, ao: 201 },
    },
  },
  listPlanningMeetings: {
    own: everyone(200),
    // An EPA filtering by an apprentice sees only the meetings it attends: here none.
    others: { owner: 200, ao: 200, epa: 'empty', apprentice: 403, provider: 403, employer: 403 },
    cases: {
      // An apprentice and an EPA list their own; provider and employer staff must name an apprentice.
      'by status only': { owner: 200, ao: 200, epa: 200, apprentice: 200, provider: 403, employer: 403 },
      'by another EPA': { ...everyone(403), owner: 200, ao: 200 },
    },
  },
  getPlanningMeeting: { own: readersOfOwnMeeting, others: readersOfOthersMeeting },
  updatePlanningMeeting: { own: meetingManagers, others: managersOfOthersMeeting },
  approvePlanningMeeting: { own: capacityManagers() },
  rejectPlanningMeeting: { own: capacityManagers() },
  cancelPlanningMeeting: { own: meetingManagers, others: managersOfOthersMeeting },
  addPlanningMeetingAttendee: { own: meetingManagers, others: managersOfOthersMeeting },
  removePlanningMeetingAttendee: { own: meetingManagers, others: managersOfOthersMeeting },
  getPlanningMeetingCalendar: { own: readersOfOwnMeeting, others: readersOfOthersMeeting },
  getPlanningMeetingHistory: { own: readersOfOwnMeeting, others: readersOfOthersMeeting },

  getBookingCapacity: { own: capacityManagers() },
  saveCapacityChanges: { own: capacityManagers() },

  listMyNotifications: { own: everyone(200) },
  // Someone else's notification, or none: 404 alike.
  markMyNotificationRead: {
    own: everyone(404),
    cases: { 'your own notification': everyone(200), 'someone else’s notification': everyone(404) },
  },
} as const satisfies Record<OperationId, RouteAccess>;

/**
 * The booking routes by gateway stage (SPEC §2, one cumulative scale): what a provider
 * linked to an apprentice at each stage gets when its role holds only one of the three
 * booking permissions. The demo's apprentice-1 is approved, apprentice-5 submitted and
 * apprentice-6 not submitted, all three linked to demo-provider. The same rule decides
 * the slots, a provisional booking and listing the apprentice's meetings.
 */
export const stageAccess = {
  BookPlanningMeetingPreGatewaySubmission: { approved: 'allowed', submitted: 'allowed', notSubmitted: 'allowed' },
  BookPlanningMeetingPostGatewaySubmission: { approved: 'allowed', submitted: 'allowed', notSubmitted: 403 },
  BookPlanningMeetingPostGatewayApproval: { approved: 'allowed', submitted: 403, notSubmitted: 403 },
} as const satisfies Record<BookingPermissionId, Record<GatewayStatus, 'allowed' | 403>>;
