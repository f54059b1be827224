import type { ApprenticeInput, UserInput } from '#domain/directory.ts';
import type { GatewayStatus } from '#domain/gateway.ts';
import type { RoleId } from '#domain/roles.ts';
import type { Page } from './page.ts';
import type { StoredRecord, WriteOptions } from './record-store.ts';

/** What the planning meeting listing holds of an apprentice (SPEC Appendix A), the same in every copy. */
export interface ApprenticeListingEntry {
  id: string;
  name: string;
  standardId: string;
  gateway: { status: GatewayStatus; estimatedEpaDate: string | null; submittedDate: string | null; auditSubmittedDate: string | null };
  epaId: string | null;
}

/** A listing row: the entry with its current meeting (from the active-meeting marker) and its EPA's name, joined as it is read. */
export interface ApprenticeListingRow extends ApprenticeListingEntry {
  epaName?: string;
  planningMeeting: { id: string; status: 'provisional' | 'confirmed'; start: string } | null;
}

/** How a user is linked to an apprentice: the apprentice themself, or named in its record. */
export type LinkKind = 'self' | 'provider' | 'employer' | 'epa';

/** Whose apprentices a listing reads: every apprentice, or those linked to one user in one of the ways given. */
export type ListingScope = { kind: 'organisation' } | { kind: 'linked'; userId: string; as: readonly LinkKind[] };

export interface ListingFilters {
  /** Search words (`searchWords`), longest first; none lists everyone in scope. */
  words: readonly string[];
  /** The gateway stages to list: what the caller may see and asked for. */
  stages: readonly GatewayStatus[];
  meeting?: 'none' | 'provisional' | 'confirmed' | undefined;
}

/** A directory user as the pickers find them; email and phone are the caller's to drop. */
export interface DirectoryEntry {
  id: string;
  name: string;
  roles: RoleId[];
  email: string;
  phone?: string;
}

/** Users and apprentice records saved with the entries that find them by name, kept in step. */
export interface DirectoryListingStore {
  putUser(userId: string, data: UserInput, options: WriteOptions): Promise<StoredRecord<UserInput>>;
  putApprentice(apprenticeId: string, data: ApprenticeInput, options: WriteOptions): Promise<StoredRecord<ApprenticeInput>>;
  /** Brings one id's entries in step with its records. */
  sync(id: string): Promise<'written' | 'unchanged'>;
  recordIds(): AsyncGenerator<string>;
  rebuild(concurrency?: number): Promise<{ ids: number; written: number; failed: Array<{ id: string; error: unknown }> }>;
  listApprentices(scope: ListingScope, filters: ListingFilters, page: { limit: number; cursor?: string | undefined }): Promise<Page<ApprenticeListingRow>>;
  searchUsers(filters: { words: readonly string[]; role?: RoleId | undefined }, page: { limit: number; cursor?: string | undefined }): Promise<Page<DirectoryEntry>>;
}
