/**
 * The only place that knows how entities map to keys (see docs/data-model.md).
 * Ids from requests are validated by `Id` (no `#`) before they reach a key; the last
 * component of a key (an idempotency key, a caller's `sub`) may hold anything, since
 * nothing follows it.
 */
import type { RecordKind } from '#domain/record-kinds.ts';

export { recordKinds, type RecordKind } from '#domain/record-kinds.ts';

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

/** Kinds listed by name for the staff screens' pickers (gsi1, one partition per kind, ordered by name). */
export const namedRecordKinds = ['standard', 'group'] as const satisfies readonly RecordKind[];
export type NamedRecordKind = (typeof namedRecordKinds)[number];
export const namedRecordsPartition = (kind: NamedRecordKind): string => `NAMES#${kind}`;
export const namedRecordIndexKeys = (kind: NamedRecordKind, id: string, name: string) => ({
  gsi1pk: namedRecordsPartition(kind),
  gsi1sk: `${name.toLocaleLowerCase('en-GB')}#${id}`,
});

export const meetingKey = (meetingId: string): ItemKey => ({ pk: `MEETING#${meetingId}`, sk: 'MEETING' });
export const historyKey = (meetingId: string, version: number, index: number): ItemKey => ({
  pk: `MEETING#${meetingId}`,
  sk: `HISTORY#${String(version).padStart(8, '0')}#${String(index).padStart(2, '0')}`,
});
/** An EPA's claim on a UTC hour (`2027-01-18T10`) or on a local day (`2027-01-18@Europe/London`); see decision 0002. */
export const claimPartition = (epaId: string): string => `CLAIM#${epaId}`;
export const claimKey = (epaId: string, unit: string): ItemKey => ({ pk: claimPartition(epaId), sk: `TIME#${unit}` });
export const claimUnitOfSortKey = (sk: string): string => sk.slice('TIME#'.length);
/** The sort keys of an EPA's claims of the UTC dates `first` .. `last` (both included): hours sort `T`, local days `@`, after the date. */
export const claimSortKeyRange = (first: string, last: string): { from: string; to: string } => ({ from: `TIME#${first}`, to: `TIME#${last}~` });
export const activeMeetingKey = (apprenticeId: string): ItemKey => ({ pk: `APPRENTICE#${apprenticeId}`, sk: 'ACTIVE-MEETING' });
/** The active-meeting marker in gsi2 by the meeting's status, by start: the planning meeting listing's `meeting=provisional|confirmed`. */
export const activeMeetingsPartition = (status: string): string => `ACTIVE-MEETING#${status}`;
export const activeMeetingIndexKeys = (meeting: { apprenticeId: string; status: string; start: string }) => ({
  gsi2pk: activeMeetingsPartition(meeting.status),
  gsi2sk: `${meeting.start}#${meeting.apprenticeId}`,
});
export const idempotencyKey = (scope: string, key: string): ItemKey => ({ pk: `IDEMPOTENCY#${scope}`, sk: `KEY#${key}` });
export const eventKey = (eventId: string): ItemKey => ({ pk: `EVENT#${eventId}`, sk: 'EVENT' });

/** The reminder of a meeting's start (SPEC §5.1), written once per start: sent, or decided against. */
export const reminderKey = (meetingId: string, start: string): ItemKey => ({ pk: `MEETING#${meetingId}`, sk: `REMINDER#${start}` });

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

/**
 * The planning meeting listing (SPEC §3.5): items beside the apprentice's record in
 * `APPRENTICE#<id>`, each a copy of the apprentice's listing entry, in gsi1 under the
 * partitions it is found in (docs/data-model.md, "Finding apprentices and people").
 * Every sort key starts `LISTING`, so one Query of the partition finds them all.
 */
export const LISTING_SORT_KEY = 'LISTING';
export const apprenticeListingKey = (apprenticeId: string): ItemKey => ({ pk: recordKey('apprentice', apprenticeId).pk, sk: LISTING_SORT_KEY });
export const LISTING_LINK_PREFIX = `${LISTING_SORT_KEY}#LINK#`;
export const apprenticeLinkKey = (apprenticeId: string, userId: string): ItemKey => ({ pk: recordKey('apprentice', apprenticeId).pk, sk: `${LISTING_LINK_PREFIX}${userId}` });
export const LISTING_WORD_PREFIX = `${LISTING_SORT_KEY}#WORD#`;
export const apprenticeWordKey = (apprenticeId: string, word: string): ItemKey => ({ pk: recordKey('apprentice', apprenticeId).pk, sk: `${LISTING_WORD_PREFIX}${word}` });

/** The gsi1 partitions of the listing: every apprentice; those linked to one user; those with a name word starting with one character. */
export const listingPartitions = {
  all: 'LISTING#ALL',
  linkedTo: (userId: string): string => `LISTING#LINKED#${userId}`,
  words: (firstCharacter: string): string => `LISTING#WORD#${firstCharacter}`,
} as const;

/**
 * The directory search (staff pickers): items beside the user's profile in `USER#<id>`,
 * each a copy of the user's directory entry, in gsi1 under every user, the users of a
 * role, and by name word (all roles, or one). Every sort key starts `DIRECTORY`.
 */
export const DIRECTORY_SORT_KEY = 'DIRECTORY';
export const directoryEntryKey = (userId: string, part: { role?: string; word?: string } = {}): ItemKey => ({
  pk: recordKey('user', userId).pk,
  sk: [DIRECTORY_SORT_KEY, ...(part.role ? ['ROLE', part.role] : []), ...(part.word ? ['WORD', part.word] : [])].join('#'),
});
export const directoryPartitions = {
  all: 'DIRECTORY#ALL',
  role: (role: string): string => `DIRECTORY#ROLE#${role}`,
  words: (firstCharacter: string, role?: string): string => (role ? `DIRECTORY#ROLE#${role}#WORD#${firstCharacter}` : `DIRECTORY#WORD#${firstCharacter}`),
} as const;

/** Listing and directory order within a partition: by name, then id; by a name word, then name, then id. */
export const byNameSortKey = (sortName: string, id: string): string => `${sortName}#${id}`;
export const byWordSortKey = (word: string, sortName: string, id: string): string => `${word}#${sortName}#${id}`;
