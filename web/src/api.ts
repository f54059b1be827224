import type { z } from 'zod';
import type { PlanningMeetingSlots } from '#api/availability-schemas.ts';
import type { CapacityChangeResults, CapacityView } from '#api/capacity-schemas.ts';
import type { MeetingHistory, PlanningMeeting, PlanningMeetingPage } from '#api/meeting-schemas.ts';
import type { MyNotificationsPage } from '#api/notification-schemas.ts';
import type { Problem } from '#api/problem.ts';
import type {
  AvailabilityConfigurationRecord,
  AvailabilityScheduleRecord,
  GroupRecord,
  PermissionsConfigurationRecord,
  StandardRecord,
  UserRecord,
  ApprenticeRecord,
} from '#api/record-schemas.ts';
import type { AvailabilityScheduleInput } from '#domain/availability-schedule.ts';
import type { CommunicationConfiguration } from '#domain/communication-configuration.ts';
import type { AvailabilityConfiguration } from '#domain/configuration.ts';
import type { ApprenticeInput, GroupInput, StandardInput } from '#domain/directory.ts';
import type { NotificationChannel } from '#domain/notification-types.ts';
import type { PermissionsConfiguration, RoleId } from '#domain/roles.ts';
import type { CapacityChange, CapacityQuery } from '#use-cases/capacity-inputs.ts';
import type { AddAttendeeInput, BookPlanningMeetingInput, ListPlanningMeetingsQuery, UpdatePlanningMeetingInput } from '#use-cases/meeting-inputs.ts';

// Types only: the schemas stay on the server, their shapes come to the screens through z.infer.
export type Slots = z.output<typeof PlanningMeetingSlots>;
export type Meeting = z.output<typeof PlanningMeeting>;
export type MeetingPage = z.output<typeof PlanningMeetingPage>;
export type History = z.output<typeof MeetingHistory>;
export type Capacity = z.output<typeof CapacityView>;
export type CapacityResults = z.output<typeof CapacityChangeResults>;
export type NotificationsPage = z.output<typeof MyNotificationsPage>;
export type AvailabilitySettings = z.output<typeof AvailabilityConfigurationRecord>;
export type Schedule = z.output<typeof AvailabilityScheduleRecord>;
export type Group = z.output<typeof GroupRecord>;
export type Standard = z.output<typeof StandardRecord>;
export type User = z.output<typeof UserRecord>;
export type Apprentice = z.output<typeof ApprenticeRecord>;
export type Permissions = z.output<typeof PermissionsConfigurationRecord>;
export type Communication = z.output<typeof CommunicationConfiguration>;
export type { Problem };

/** The planning meeting listing (GET /apprentices): an apprentice with their stage and current meeting. */
export interface ApprenticeListItem {
  id: string;
  name: string;
  standardId: string;
  standardName?: string | null | undefined;
  gateway: { status: 'notSubmitted' | 'submitted' | 'approved'; estimatedEpaDate?: string | null; submittedDate?: string | null; auditSubmittedDate?: string | null };
  epaId?: string | null | undefined;
  epaName?: string | null | undefined;
  planningMeeting: { id: string; status: string; start: string } | null;
}
export interface Page<T> {
  items: T[];
  cursor?: string | null | undefined;
}
export interface DirectoryEntry {
  id: string;
  name: string;
  roles: RoleId[];
  email?: string;
  phone?: string;
}
export interface NamedRecord {
  id: string;
  name: string;
}

/** What the local outbox lists (local mode only; not part of the deployed API). */
export interface OutboxMessage {
  id: string;
  channel: NotificationChannel;
  notificationType: string;
  meetingId: string;
  to?: string;
  recipientUserId?: string;
  subject?: string;
  text: string;
  ics?: string;
  sentAt: string;
}
export interface Outbox {
  messages: OutboxMessage[];
  deadLetters: Array<Record<string, unknown>>;
}

/** An answer of the API that is not a success, with its problem+json body. */
export class ApiProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail || problem.title);
  }
  get code(): string {
    return this.problem.code;
  }
  /** The message of the field a validation error names, e.g. `types.meetingInvite.subject`. */
  fieldError(path: string): string | undefined {
    return this.problem.errors?.find((error) => error.path === path)?.message;
  }
}

interface Request {
  query?: Record<string, string | number | undefined> | undefined;
  body?: unknown;
  version?: number | undefined;
  idempotencyKey?: string;
}

export interface Answer<T> {
  data: T;
  version: number | undefined;
}

type Query<T> = { [K in keyof T]?: T[K] | undefined };

export class ApiClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: () => Promise<string | undefined>,
  ) {}

  async send<T>(method: string, path: string, request: Request = {}): Promise<Answer<T>> {
    const url = new URL(`${this.baseUrl}${path}`, window.location.origin);
    for (const [name, value] of Object.entries(request.query ?? {})) if (value !== undefined && value !== '') url.searchParams.set(name, String(value));
    const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
    const token = await this.token();
    if (token) headers.authorization = `Bearer ${token}`;
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    if (request.version !== undefined) headers['if-match'] = `"${request.version}"`;
    if (request.idempotencyKey) headers['idempotency-key'] = request.idempotencyKey;
    const response = await fetch(url, { method, headers, ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}) });
    const text = await response.text();
    const type = response.headers.get('content-type') ?? '';
    const body: unknown = text && type.includes('json') ? JSON.parse(text) : text;
    if (!response.ok) {
      const problem =
        body && typeof body === 'object' && 'code' in body
          ? (body as Problem)
          : ({ type: 'about:blank', title: response.statusText, status: response.status, code: 'INTERNAL', detail: `The service answered ${response.status}` } as Problem);
      throw new ApiProblem(problem);
    }
    const etag = response.headers.get('etag');
    return { data: body as T, version: etag ? Number(etag.replaceAll('"', '').replace(/^W\//, '')) : undefined };
  }

  private async data<T>(method: string, path: string, request?: Request): Promise<T> {
    return (await this.send<T>(method, path, request)).data;
  }

  // Booking (BookPlanningMeeting)
  slots = (apprenticeId: string, from: string, to: string) =>
    this.data<Slots>('GET', `/apprentices/${encodeURIComponent(apprenticeId)}/planning-meeting-slots`, { query: { from, to } });
  book = (input: z.input<typeof BookPlanningMeetingInput>, idempotencyKey: string) =>
    this.data<Meeting>('POST', '/planning-meetings', { body: input, idempotencyKey });

  // Meetings
  meetings = (query: Query<z.output<typeof ListPlanningMeetingsQuery>>) => this.data<MeetingPage>('GET', '/planning-meetings', { query });
  meeting = (id: string) => this.data<Meeting>('GET', `/planning-meetings/${encodeURIComponent(id)}`);
  history = (id: string) => this.data<History>('GET', `/planning-meetings/${encodeURIComponent(id)}/history`);
  calendar = (id: string) => this.data<string>('GET', `/planning-meetings/${encodeURIComponent(id)}/calendar.ics`);
  update = (id: string, version: number, change: z.input<typeof UpdatePlanningMeetingInput>) =>
    this.data<Meeting>('PATCH', `/planning-meetings/${encodeURIComponent(id)}`, { body: change, version });
  lifecycle = (id: string, action: 'approve' | 'reject' | 'cancel', version: number, reason?: string) =>
    this.data<Meeting>('POST', `/planning-meetings/${encodeURIComponent(id)}/${action}`, { body: reason ? { reason } : {}, version });
  addAttendee = (id: string, input: z.input<typeof AddAttendeeInput>) =>
    this.data<Meeting>('POST', `/planning-meetings/${encodeURIComponent(id)}/attendees`, { body: input });
  removeAttendee = (id: string, attendeeId: string) =>
    this.data<Meeting>('DELETE', `/planning-meetings/${encodeURIComponent(id)}/attendees/${encodeURIComponent(attendeeId)}`);

  // Booking capacity management (ManagePlanningCapacity)
  capacity = (query: Query<z.input<typeof CapacityQuery>>) => this.data<Capacity>('GET', '/capacity', { query });
  saveCapacityChanges = (items: z.input<typeof CapacityChange>[]) => this.data<CapacityResults>('POST', '/capacity/changes', { body: { items } });

  // Finding people and records by name (SPEC §3.5)
  apprentices = (query: { q?: string | undefined; gatewayStatus?: string | undefined; meeting?: string | undefined; limit?: number; cursor?: string | undefined }) =>
    this.data<Page<ApprenticeListItem>>('GET', '/apprentices', { query });
  users = (query: { q?: string | undefined; role?: RoleId | undefined; limit?: number; cursor?: string | undefined }) =>
    this.data<Page<DirectoryEntry>>('GET', '/users', { query });
  standards = (query: { q?: string | undefined; limit?: number; cursor?: string | undefined }) => this.data<Page<Standard>>('GET', '/standards', { query });
  groups = (query: { q?: string | undefined; limit?: number; cursor?: string | undefined }) => this.data<Page<Group>>('GET', '/groups', { query });

  // Directory and configuration
  user = (id: string) => this.data<User>('GET', `/users/${encodeURIComponent(id)}`);
  apprentice = (id: string) => this.send<Apprentice>('GET', `/apprentices/${encodeURIComponent(id)}`);
  saveApprentice = (id: string, apprentice: z.input<typeof ApprenticeInput>, version?: number) =>
    this.send<Apprentice>('PUT', `/apprentices/${encodeURIComponent(id)}`, { body: apprentice, version });
  availabilitySettings = () => this.send<AvailabilitySettings>('GET', '/configuration/availability');
  saveAvailabilitySettings = (settings: z.input<typeof AvailabilityConfiguration>, version?: number) =>
    this.send<AvailabilitySettings>('PUT', '/configuration/availability', { body: settings, version });
  communication = () => this.send<Communication>('GET', '/configuration/notifications');
  saveCommunication = (configuration: z.input<typeof CommunicationConfiguration>, version?: number) =>
    this.send<Communication>('PUT', '/configuration/notifications', { body: configuration, version });
  permissions = () => this.send<Permissions>('GET', '/configuration/permissions');
  savePermissions = (configuration: z.input<typeof PermissionsConfiguration>, version?: number) =>
    this.send<Permissions>('PUT', '/configuration/permissions', { body: configuration, version });
  standard = (id: string) => this.send<Standard>('GET', `/standards/${encodeURIComponent(id)}`);
  saveStandard = (id: string, standard: z.input<typeof StandardInput>, version?: number) =>
    this.send<Standard>('PUT', `/standards/${encodeURIComponent(id)}`, { body: standard, version });
  group = (id: string) => this.send<Group>('GET', `/groups/${encodeURIComponent(id)}`);
  saveGroup = (id: string, group: z.input<typeof GroupInput>, version?: number) =>
    this.send<Group>('PUT', `/groups/${encodeURIComponent(id)}`, { body: group, version });
  schedule = (userId: string) => this.send<Schedule>('GET', `/users/${encodeURIComponent(userId)}/availability`);
  saveSchedule = (userId: string, schedule: z.input<typeof AvailabilityScheduleInput>, version?: number) =>
    this.send<Schedule>('PUT', `/users/${encodeURIComponent(userId)}/availability`, { body: schedule, version });

  // In-app notifications
  notifications = (unread?: boolean) => this.data<NotificationsPage>('GET', '/me/notifications', { query: { limit: 50, ...(unread ? { unread: 'true' } : {}) } });
  markRead = (id: string) => this.data<unknown>('POST', `/me/notifications/${encodeURIComponent(id)}/read`);

  // Local mode only
  localToken = (userId: string) => this.data<{ userId: string; token: string }>('POST', '/local/token', { body: { userId } });
  outbox = () => this.data<Outbox>('GET', '/local/outbox');
}
