import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestApi } from '../../support/api-client.ts';
import { Contract, ContractViolation, contractFetch } from '../../support/contract.ts';

/**
 * The check every API test runs on every answer (test/support/contract.ts) must fail a
 * test when the service and its document part ways. Each case breaks a copy of the served
 * document on purpose, in one of the ways drift happens, and sends a request the true
 * document is content with.
 */
const NOW = Date.parse('2027-01-06T10:00:00Z');

let api: TestApi;
let meetingId: string;

beforeAll(async () => {
  api = await TestApi.start({ clock: () => NOW });
  const booked = await api.post('/planning-meetings', {
    as: 'demo-owner',
    body: { status: 'confirmed', apprenticeId: 'apprentice-1', epaId: 'epa-1', start: '2027-01-11T10:00:00Z' },
  });
  expect(booked.status).toBe(201);
  meetingId = booked.body.id;
});
afterAll(() => api?.close());

/** A copy of the served document, changed by `change`. */
const brokenContract = (change: (document: any) => void): TestApi => {
  const document = structuredClone(api.contract.document);
  change(document);
  return api.withContract(new Contract(document));
};

const meetingPath = () => `/planning-meetings/${meetingId}`;

describe('the contract check on every answer', () => {
  it('lets through the answers the service gives: a meeting, a record, a problem, a 405, a 401, an invite', async () => {
    expect((await api.get(meetingPath(), { as: 'demo-owner' })).status).toBe(200);
    expect((await api.get('/users/epa-1', { as: 'demo-owner' })).status).toBe(200);
    expect((await api.get('/configuration/availability', { as: 'demo-owner' })).status).toBe(200);
    expect((await api.get('/planning-meetings/missing', { as: 'demo-owner' })).status).toBe(404);
    expect((await api.put(meetingPath(), { as: 'demo-owner', body: {} })).status).toBe(405);
    expect((await api.get(meetingPath())).status).toBe(401);
    expect((await api.get(`${meetingPath()}/calendar.ics`, { as: 'demo-owner' })).status).toBe(200);
  });

  it('fails on a field of the answer that the schema does not name', async () => {
    const broken = brokenContract((document) => delete document.components.schemas.PlanningMeeting.properties.location);
    await expect(broken.get(meetingPath(), { as: 'demo-owner' })).rejects.toThrow(/getPlanningMeeting answered 200 with a body its schema refuses: .*additional/);
  });

  it('fails on a field the schema requires and the answer lacks, or of another type', async () => {
    const required = brokenContract((document) => document.components.schemas.User.required.push('nickname'));
    await expect(required.get('/users/epa-1', { as: 'demo-owner' })).rejects.toThrow(/getUser answered 200 .*nickname/);
    const typed = brokenContract((document) => (document.components.schemas.PlanningMeeting.properties.version = { type: 'string' }));
    await expect(typed.get(meetingPath(), { as: 'demo-owner' })).rejects.toThrow(ContractViolation);
  });

  it('fails on a status the operation does not document', async () => {
    const broken = brokenContract((document) => delete document.paths['/planning-meetings/{meetingId}'].get.responses['404']);
    await expect(broken.get('/planning-meetings/missing', { as: 'demo-owner' })).rejects.toThrow(/getPlanningMeeting answered 404, a status it does not document/);
  });

  it('fails on a content type the response does not document, and on a body where it documents none', async () => {
    const contentType = brokenContract((document) => {
      const ok = document.paths['/planning-meetings/{meetingId}/calendar.ics'].get.responses['200'];
      ok.content = { 'text/plain': ok.content['text/calendar'] };
    });
    await expect(contentType.get(`${meetingPath()}/calendar.ics`, { as: 'demo-owner' })).rejects.toThrow(/as text\/calendar, where the document says text\/plain/);
    const noBody = brokenContract((document) => delete document.paths['/users/{userId}'].get.responses['200'].content);
    await expect(noBody.get('/users/epa-1', { as: 'demo-owner' })).rejects.toThrow(/with a body, where the document says there is none/);
  });

  it('fails when a header documented as required is missing, or is not what its schema says', async () => {
    const missing = brokenContract((document) => {
      document.components.headers.Invented = { required: true, schema: { type: 'string' } };
      document.paths['/planning-meetings/{meetingId}'].get.responses['200'].headers.Invented = { $ref: '#/components/headers/Invented' };
    });
    await expect(missing.get(meetingPath(), { as: 'demo-owner' })).rejects.toThrow(/without the Invented header/);
    const wrong = brokenContract((document) => (document.components.headers.ETag.schema = { type: 'string', pattern: '^W/' }));
    await expect(wrong.get(meetingPath(), { as: 'demo-owner' })).rejects.toThrow(/with ETag: "1", which its schema refuses/);
    const allow = brokenContract((document) => (document.components.headers.Allow.schema = { type: 'string', enum: ['POST'] }));
    await expect(allow.put(meetingPath(), { as: 'demo-owner', body: {} })).rejects.toThrow(/PUT \/planning-meetings\/\{meetingId\} answered 405 with Allow/);
  });

  it('fails a problem whose body its schema refuses', async () => {
    const broken = brokenContract((document) => (document.components.schemas.Problem.properties.code.enum = ['VALIDATION_FAILED']));
    await expect(broken.get('/planning-meetings/missing', { as: 'demo-owner' })).rejects.toThrow(/getPlanningMeeting answered 404 with a body its schema refuses/);
  });

  it('holds the answers of a client with a fetch of its own to the contract too', async () => {
    const broken = brokenContract((document) => delete document.components.schemas.PlanningMeeting.properties.notes);
    const fetchOf = contractFetch(broken.contract);
    const token = await api.token('demo-owner');
    await expect(fetchOf(`${api.host.url}${meetingPath()}`, { headers: { authorization: `Bearer ${token}` } })).rejects.toThrow(ContractViolation);
    const answer = await contractFetch(api.contract)(`${api.host.url}${meetingPath()}`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await answer.json()) as { id: string }).id).toBe(meetingId);
  });

  it('leaves alone what the document does not cover: the screens and the local host’s own routes', async () => {
    expect(api.contract.pathTemplateOf('/local/outbox')).toBeUndefined();
    expect(api.contract.pathTemplateOf('/users/epa-1/availability')).toBe('/users/{userId}/availability');
    expect(api.contract.pathTemplateOf(`${meetingPath()}/calendar.ics?x=1`)).toBe('/planning-meetings/{meetingId}/calendar.ics');
  });
});
