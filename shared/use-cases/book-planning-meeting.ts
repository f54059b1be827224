import type { BookPlanningMeetingInput } from './meeting-inputs.ts';
import type { Actor } from '#ports/actor.ts';
import { bookConfirmed } from './direct-booking.ts';
import { bookingKeyOf, preferAlreadyBooked, type BookingAnswer } from './new-meeting.ts';
import { bookProvisional } from './provisional-booking.ts';

export type { BookingAnswer } from './new-meeting.ts';

/** `POST /planning-meetings`: slot-based (provisional) or direct (confirmed) booking, honouring `Idempotency-Key`. */
export const bookPlanningMeeting = (actor: Actor, input: BookPlanningMeetingInput, idempotencyKey: string | undefined): Promise<BookingAnswer> => {
  const idempotency = bookingKeyOf(idempotencyKey, input);
  return preferAlreadyBooked(actor, input.apprenticeId, () =>
    input.status === 'provisional' ? bookProvisional(actor, input, idempotency) : bookConfirmed(actor, input, idempotency),
  );
};
