import { randomUUID } from 'node:crypto';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { SYSTEM_GROUP_ID, SYSTEM_GROUP_NAME } from '#domain/directory.ts';
import type { PermissionId } from '#domain/roles.ts';
import { startEmbeddedDynamoDb, type EmbeddedDynamoDb } from '#local/embedded-dynamodb.ts';
import type { Actor } from '#ports/actor.ts';
import type { Dependencies } from '#ports/dependencies.ts';
import { silentLogger } from '#ports/logger.ts';
import { repositoriesOn } from '#store/repositories.ts';
import { createTableClient, type TableClient } from '#store/table-client.ts';
import { createTableInput } from '#store/table-definition.ts';

const TABLE_NAME = 'planning-meetings-store-test';
const by = { by: 'test', now: Date.parse('2027-01-01T00:00:00Z') };
const workingDay = [{ start: '09:00', end: '17:00' }];

/**
 * The embedded store with one small organisation: `epaCount` EPAs working Monday to
 * Friday 09:00–17:00 London in the system group, and a standard of hour-long meetings
 * that takes its availability from it. No host, no HTTP: the use cases called directly,
 * through as many separate table clients as a test asks for.
 */
export class EmbeddedOrganisation {
  private readonly clients: TableClient[] = [];

  private constructor(
    private readonly store: EmbeddedDynamoDb,
    readonly epaIds: readonly string[],
  ) {}

  static async start(epaCount: number): Promise<EmbeddedOrganisation> {
    const store = await startEmbeddedDynamoDb();
    const organisation = new EmbeddedOrganisation(store, Array.from({ length: epaCount }, (_, index) => `epa-${index + 1}`));
    const table = organisation.newTableClient();
    await table.documents.send(new CreateTableCommand(createTableInput(TABLE_NAME)));
    const { records } = repositoriesOn(table);
    for (const id of organisation.epaIds) {
      await records.put('user', id, { name: id, email: `${id}@example.org`, roles: ['epa'] }, by);
      await records.put(
        'availability',
        id,
        { timeZone: 'Europe/London', weekly: { mon: workingDay, tue: workingDay, wed: workingDay, thu: workingDay, fri: workingDay, sat: [], sun: [] }, overrides: [], maxMeetingsPerDay: null },
        by,
      );
    }
    await records.put('group', SYSTEM_GROUP_ID, { name: SYSTEM_GROUP_NAME, memberIds: [...organisation.epaIds] }, by);
    await records.put('standard', 'ST0001', { name: 'Test standard', meetingDurationMinutes: 60, slotIntervalMinutes: 60, availabilitySource: { type: 'default' } }, by);
    return organisation;
  }

  /** A table client of its own: its own SDK client and connections, as another Lambda container has. */
  newTableClient(): TableClient {
    const table = createTableClient({ tableName: TABLE_NAME, endpoint: this.store.endpoint, region: 'eu-west-2' });
    this.clients.push(table);
    return table;
  }

  /** Dependencies over a table client: repositories of their own, nothing shared with any other. */
  depsOn(table: TableClient, now: number): Dependencies {
    const unused = (what: string) => () => {
      throw new Error(`${what} is not used by these tests`);
    };
    return {
      ...repositoriesOn(table),
      clock: () => now,
      newId: () => randomUUID(),
      logger: silentLogger,
      bus: { put: unused('the bus') },
      channels: { email: { send: unused('email') }, sms: { send: unused('sms') }, inApp: { send: unused('in-app') } },
      sender: { name: 'Test', email: 'test@example.org' },
      rolesClaim: 'roles',
    } as unknown as Dependencies;
  }

  async addApprentice(id: string): Promise<void> {
    const { records } = repositoriesOn(this.clients[0]!);
    await records.put('user', id, { name: id, email: `${id}@example.org`, roles: ['apprentice'] }, by);
    await records.put('apprentice', id, { standardId: 'ST0001', epaId: null, aoContactId: null }, by);
  }

  /** The apprentice acting for themself. */
  apprenticeActing(id: string, deps: Dependencies, now: number): Actor {
    return { caller: { userId: id, roles: ['apprentice'] }, permissions: new Set<PermissionId>(['BookPlanningMeetingPreGatewaySubmission']), now, deps };
  }

  async close(): Promise<void> {
    for (const client of this.clients) client.documents.destroy();
    await this.store.close();
  }
}
