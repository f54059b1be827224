import * as z from 'zod';
import { LocalDate } from './primitives.ts';
import type { BookingPermissionId, PermissionId } from './roles.ts';

/**
 * Where an apprentice is on their journey to end-point assessment (SPEC §3.4,
 * Appendix A): the gateway stage and its dates. The stage decides which date the
 * booking window counts from and which booking permission covers the apprentice.
 */
export const gatewayStatuses = ['notSubmitted', 'submitted', 'approved'] as const;
export const GatewayStatus = z.enum(gatewayStatuses);
export type GatewayStatus = z.infer<typeof GatewayStatus>;

export const Gateway = z.strictObject({
  status: GatewayStatus.default('approved'),
  /** When the apprentice is expected to go into EPA: the anchor before gateway submission. */
  estimatedEpaDate: LocalDate.nullable().optional(),
  /** When the gateway was submitted: the anchor until it is approved. */
  submittedDate: LocalDate.nullable().optional(),
  /** When the gateway audit was submitted: the anchor once approved. */
  auditSubmittedDate: LocalDate.nullable().optional(),
});
export type Gateway = z.infer<typeof Gateway>;

/** A record saved before stages existed carries none: it is approved with no dates, which books as before (from now). */
export const APPROVED_WITHOUT_DATES: Gateway = { status: 'approved' };

export const gatewayOf = (apprentice: { gateway?: Gateway | undefined }): Gateway => apprentice.gateway ?? APPROVED_WITHOUT_DATES;

/** The date the stage's window counts from; null when the record has none (the window then counts from today). */
export const anchorDateOf = (gateway: Gateway): string | null => {
  switch (gateway.status) {
    case 'notSubmitted':
      return gateway.estimatedEpaDate ?? null;
    case 'submitted':
      return gateway.submittedDate ?? null;
    case 'approved':
      return gateway.auditSubmittedDate ?? null;
  }
};

/** The stages each booking permission covers: one cumulative scale, pre-submission covering them all (epaPRO 4.21). */
const stagesCovered: Record<BookingPermissionId, readonly GatewayStatus[]> = {
  BookPlanningMeetingPreGatewaySubmission: ['notSubmitted', 'submitted', 'approved'],
  BookPlanningMeetingPostGatewaySubmission: ['submitted', 'approved'],
  BookPlanningMeetingPostGatewayApproval: ['approved'],
};

export const bookingPermissionCovers = (permissions: ReadonlySet<PermissionId>, status: GatewayStatus): boolean =>
  (Object.keys(stagesCovered) as BookingPermissionId[]).some(
    (permission) => permissions.has(permission) && stagesCovered[permission].includes(status),
  );

/** Stage names as a person reads them. */
export const gatewayStatusNames: Record<GatewayStatus, string> = {
  notSubmitted: 'gateway not yet submitted',
  submitted: 'gateway submitted',
  approved: 'gateway approved',
};
