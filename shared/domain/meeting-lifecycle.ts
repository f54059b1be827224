import type { MeetingChange, PlanningMeetingEventType } from '#domain/planning-meeting-events.ts';
import { DomainError } from './errors.ts';
import { isActive, type Attendee, type MeetingStatus, type PlanningMeeting } from './planning-meeting.ts';
import { toUtcIso } from './primitives.ts';

/**
 * The lifecycle of SPEC §4.1 as a pure state machine:
 *
 *   provisional ─approve→ confirmed ─cancel→ cancelled
 *   provisional ─reject→ rejected | ─cancel→ cancelled | ─(sweeper)→ expired
 *
 * Rejected, cancelled and expired are final. Each command answers the meeting as it
 * becomes and the change events that describe it; nothing here reads a clock.
 */
export type MeetingCommand =
  | { kind: 'approve'; reason?: string | undefined }
  | { kind: 'reject'; reason?: string | undefined }
  | { kind: 'cancel'; reason?: string | undefined }
  | { kind: 'expire'; reason?: string | undefined }
  | {
      kind: 'update';
      start?: number | undefined;
      end?: number | undefined;
      location?: string | null | undefined;
      notes?: string | null | undefined;
      /** Reassignment: the new EPA as an attendee. */
      epa?: Attendee | undefined;
    }
  | { kind: 'addAttendee'; attendee: Attendee }
  | { kind: 'removeAttendee'; attendeeId: string };

export interface MeetingEventDraft {
  type: PlanningMeetingEventType;
  change: MeetingChange;
}

export interface LifecycleOutcome {
  meeting: PlanningMeeting;
  events: MeetingEventDraft[];
  /** Whether the EPA's time claims move (time or EPA changed) or are released. */
  claims: 'keep' | 'move' | 'release';
}

const transitions: Record<'approve' | 'reject' | 'cancel' | 'expire', { from: MeetingStatus[]; to: MeetingStatus; event: PlanningMeetingEventType }> = {
  approve: { from: ['provisional'], to: 'confirmed', event: 'PlanningMeetingApproved' },
  reject: { from: ['provisional'], to: 'rejected', event: 'PlanningMeetingRejected' },
  cancel: { from: ['provisional', 'confirmed'], to: 'cancelled', event: 'PlanningMeetingCancelled' },
  expire: { from: ['provisional'], to: 'expired', event: 'PlanningMeetingExpired' },
};

const pastTense = { approve: 'approved', reject: 'rejected', cancel: 'cancelled', expire: 'expired' } as const;

const refuse = (meeting: PlanningMeeting, what: string): never => {
  throw new DomainError('INVALID_TRANSITION', `A ${meeting.status} planning meeting cannot be ${what}`);
};

export const applyCommand = (
  meeting: PlanningMeeting,
  command: MeetingCommand,
  context: { by: string; now: number },
): LifecycleOutcome => {
  const stamp = { version: meeting.version + 1, updatedAt: toUtcIso(context.now), updatedBy: context.by };

  if (command.kind in transitions) {
    const { kind, reason } = command as { kind: keyof typeof transitions; reason?: string };
    const transition = transitions[kind];
    if (!transition.from.includes(meeting.status)) refuse(meeting, pastTense[kind]);
    const next: PlanningMeeting = { ...meeting, ...stamp, status: transition.to, ...(reason !== undefined ? { reason } : {}) };
    return {
      meeting: next,
      events: [{ type: transition.event, change: { previousStatus: meeting.status, ...(reason !== undefined ? { reason } : {}) } }],
      claims: isActive(transition.to) ? 'keep' : 'release',
    };
  }

  if (!isActive(meeting.status)) refuse(meeting, 'changed');

  switch (command.kind) {
    case 'update': {
      const start = command.start ?? Date.parse(meeting.start);
      const end = command.end ?? (command.start !== undefined ? start + (Date.parse(meeting.end) - Date.parse(meeting.start)) : Date.parse(meeting.end));
      if (end <= start) throw new DomainError('VALIDATION_FAILED', 'The meeting must end after it starts', [{ path: 'end', message: 'must be after start' }]);
      const next: PlanningMeeting = { ...meeting, ...stamp, start: toUtcIso(start), end: toUtcIso(end) };
      const fields: string[] = [];
      if (next.start !== meeting.start || next.end !== meeting.end) fields.push(...(next.start !== meeting.start ? ['start'] : []), ...(next.end !== meeting.end ? ['end'] : []));
      if (command.location !== undefined && command.location !== meeting.location) {
        next.location = command.location;
        fields.push('location');
      }
      if (command.notes !== undefined && command.notes !== meeting.notes) {
        next.notes = command.notes;
        fields.push('notes');
      }
      const events: MeetingEventDraft[] = [];
      const previousEpa = meeting.attendees.find((attendee) => attendee.role === 'epa' && attendee.kind === 'user' && attendee.userId === meeting.epaId);
      if (command.epa && command.epa.kind === 'user' && command.epa.userId !== meeting.epaId) {
        next.epaId = command.epa.userId;
        next.attendees = [...meeting.attendees.filter((attendee) => attendee !== previousEpa), command.epa];
        fields.push('epaId');
        // The old EPA is told it is off; the new one is invited (SPEC §5.1 attendee rows).
        if (previousEpa) events.push({ type: 'PlanningMeetingAttendeeRemoved', change: { attendee: previousEpa, previousEpaId: meeting.epaId } });
        events.push({ type: 'PlanningMeetingAttendeeAdded', change: { attendee: command.epa } });
      }
      if (fields.length === 0) return { meeting, events: [], claims: 'keep' };
      const timeChanged = fields.includes('start') || fields.includes('end');
      // A confirmed meeting whose time moves is rescheduled; every other change is an update (SPEC §5.1).
      const type: PlanningMeetingEventType = meeting.status === 'confirmed' && timeChanged ? 'PlanningMeetingRescheduled' : 'PlanningMeetingUpdated';
      events.unshift({
        type,
        change: {
          fields,
          ...(timeChanged ? { previousStart: meeting.start, previousEnd: meeting.end } : {}),
          ...(fields.includes('epaId') ? { previousEpaId: meeting.epaId } : {}),
        },
      });
      return { meeting: next, events, claims: timeChanged || fields.includes('epaId') ? 'move' : 'keep' };
    }
    case 'addAttendee': {
      const duplicate = meeting.attendees.some(
        (attendee) =>
          attendee.email.toLowerCase() === command.attendee.email.toLowerCase() ||
          (attendee.kind === 'user' && command.attendee.kind === 'user' && attendee.userId === command.attendee.userId),
      );
      if (duplicate) throw new DomainError('CONFLICT', 'That person already attends this meeting');
      return {
        meeting: { ...meeting, ...stamp, attendees: [...meeting.attendees, command.attendee] },
        events: [{ type: 'PlanningMeetingAttendeeAdded', change: { attendee: command.attendee } }],
        claims: 'keep',
      };
    }
    case 'removeAttendee': {
      const attendee = meeting.attendees.find((candidate) => candidate.id === command.attendeeId);
      if (!attendee) throw new DomainError('NOT_FOUND', `No attendee ${command.attendeeId} on this meeting`);
      if (attendee.role === 'apprentice' || (attendee.kind === 'user' && attendee.userId === meeting.epaId && attendee.role === 'epa')) {
        throw new DomainError('CONFLICT', 'The apprentice and the EPA cannot be removed; cancel or reassign the meeting instead');
      }
      return {
        meeting: { ...meeting, ...stamp, attendees: meeting.attendees.filter((candidate) => candidate.id !== attendee.id) },
        events: [{ type: 'PlanningMeetingAttendeeRemoved', change: { attendee } }],
        claims: 'keep',
      };
    }
    default:
      return refuse(meeting, 'changed that way');
  }
};
