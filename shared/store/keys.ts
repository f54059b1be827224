/**
 * The only place that knows how entities map to keys (see docs/data-model.md).
 * Ids from requests are validated by `Id` (no `#`) before they reach a key; the last
 * component of a key (an idempotency key, a caller's `sub`) may hold anything, since
 * nothing follows it.
 */
export const recordKinds = ['user', 'apprentice', 'standard', 'group', 'availability', 'configuration'] as const;
export type RecordKind = (typeof recordKinds)[number];

export interface ItemKey {
  pk: string;
  sk: string;
}

const partitionPrefix: Record<RecordKind, string> = {
  user: 'USER#',
  apprentice: 'APPRENTICE#',
  standard: 'STANDARD#',
  group: 'GROUP#',
  availability: 'USER#',
  configuration: 'CONFIG#',
};

const sortKeyOf: Record<RecordKind, string> = {
  user: 'PROFILE',
  apprentice: 'APPRENTICE',
  standard: 'STANDARD',
  group: 'GROUP',
  availability: 'AVAILABILITY',
  configuration: 'CONFIG',
};

export const recordKey = (kind: RecordKind, id: string): ItemKey => ({
  pk: `${partitionPrefix[kind]}${id}`,
  sk: sortKeyOf[kind],
});

export const meetingKey = (meetingId: string): ItemKey => ({ pk: `MEETING#${meetingId}`, sk: 'MEETING' });
export const historyKey = (meetingId: string, version: number, index: number): ItemKey => ({
  pk: `MEETING#${meetingId}`,
  sk: `HISTORY#${String(version).padStart(8, '0')}#${String(index).padStart(2, '0')}`,
});
export const claimKey = (epaId: string, week: string): ItemKey => ({ pk: `CLAIM#${epaId}`, sk: `WEEK#${week}` });
export const activeMeetingKey = (apprenticeId: string): ItemKey => ({ pk: `APPRENTICE#${apprenticeId}`, sk: 'ACTIVE-MEETING' });
export const idempotencyKey = (scope: string, key: string): ItemKey => ({ pk: `IDEMPOTENCY#${scope}`, sk: `KEY#${key}` });
export const eventKey = (eventId: string): ItemKey => ({ pk: `EVENT#${eventId}`, sk: 'EVENT' });

/** Index keys of a meeting: by apprentice (gsi1), by EPA (gsi2), by status (gsi3), each ordered by start. */
export const meetingIndexKeys = (meeting: { id: string; apprenticeId: string; epaId: string; status: string; start: string }) => ({
  gsi1pk: `APPRENTICE#${meeting.apprenticeId}`,
  gsi1sk: `${meeting.start}#${meeting.id}`,
  gsi2pk: `EPA#${meeting.epaId}`,
  gsi2sk: `${meeting.start}#${meeting.id}`,
  gsi3pk: `STATUS#${meeting.status}`,
  gsi3sk: `${meeting.start}#${meeting.id}`,
});

/** Unpublished change events, oldest first (gsi3, sparse: removed once published). */
export const PENDING_EVENTS_PARTITION = 'OUTBOX#PENDING';

/** Sends claimed and not yet settled, oldest claim first (gsi3, sparse: removed when settled). */
export const UNSETTLED_SENDS_PARTITION = 'DELIVERY#SENDING';

export const deliveryKey = (eventId: string, recipientKey: string, channel: string): ItemKey => ({
  pk: `DELIVERY#${eventId}`,
  sk: `TO#${recipientKey}#${channel}`,
});
export const inAppNotificationKey = (userId: string, notificationId: string): ItemKey => ({
  pk: `USER#${userId}`,
  sk: `NOTIFICATION#${notificationId}`,
});
