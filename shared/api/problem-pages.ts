import { errorCodes, type ErrorCode } from '#domain/errors.ts';
import { INTERNAL_TITLE, problemPagePath, problemTitle, statusOfCode } from './problem.ts';

/**
 * The page a problem's `type` opens: what the code means and what to do about it. Built
 * into the screens (one static page per code, `web/vite.config.ts`), never into a
 * function's bundle: the functions only name the page.
 */
interface ProblemExplanation {
  meaning: string;
  whatToDo: string;
}

/** A new code does not compile until someone says here what it means. */
const explanations: Record<ErrorCode | 'INTERNAL', ProblemExplanation> = {
  VALIDATION_FAILED: {
    meaning: 'A field of the request, its query, its path or one of its headers (If-Match, Idempotency-Key) is not valid, or the body is not valid JSON.',
    whatToDo: 'Read the answer’s errors: each names a field (for example "query.from" or "attendees.0.email") and says what it must be. Correct those fields and send again.',
  },
  UNAUTHENTICATED: {
    meaning: 'The request has no bearer token, or its token is not valid: expired, signed by another issuer, for another audience, without an expiry, or with a roles claim whose role ids hold spaces.',
    whatToDo: 'Sign in again and send the new access token as "Authorization: Bearer <token>". The answer’s WWW-Authenticate header says whether the token was missing or refused.',
  },
  FORBIDDEN: {
    meaning: 'You are signed in, but your roles do not give the permission this needs, or the record is one you may not see or change (another apprentice’s meeting, for example).',
    whatToDo: 'Ask your organisation’s administrator for the permission, or act for an apprentice you are linked to.',
  },
  NOT_FOUND: {
    meaning: 'There is no such record (meeting, user, apprentice, standard, group, attendee or notification), or no such address in the API.',
    whatToDo: 'Check the id or the address. A record that was deleted stays deleted.',
  },
  METHOD_NOT_ALLOWED: {
    meaning: 'The address exists, but not with this method.',
    whatToDo: 'Use one of the methods the answer’s Allow header lists.',
  },
  INVALID_TRANSITION: {
    meaning: 'The meeting cannot change that way from its current status: rejected, cancelled and expired meetings are final, and only provisional meetings can be approved or rejected.',
    whatToDo: 'Read the meeting again to see its status; book a new meeting if this one has ended.',
  },
  SLOT_UNAVAILABLE: {
    meaning: 'The slot was taken, or is no longer offered, between listing the slots and booking one.',
    whatToDo: 'List the slots again and choose another.',
  },
  EPA_UNAVAILABLE: {
    meaning: 'The named end-point assessor is not available at that time: outside their hours, on a day off, at their daily maximum, or already booked.',
    whatToDo: 'Choose another time or another EPA; the booking capacity screen shows who is free.',
  },
  ALREADY_BOOKED: {
    meaning: 'The apprentice already has a planning meeting that is provisional or confirmed.',
    whatToDo: 'Reschedule that meeting instead, or cancel it before booking a new one.',
  },
  CONFLICT: {
    meaning: 'The request conflicts with what is stored (for example a record that others still refer to).',
    whatToDo: 'Read the answer’s detail, resolve the conflict it names and send again.',
  },
  VERSION_MISMATCH: {
    meaning: 'The record was changed by someone else since you read it: its version no longer matches your If-Match header.',
    whatToDo: 'Read the record again (its ETag header is the new version), apply your change to what is there now, and send it with the new If-Match.',
  },
  PAYLOAD_TOO_LARGE: {
    meaning: 'The request body is larger than the API accepts (256 KB).',
    whatToDo: 'Send a smaller body, for example fewer items at a time.',
  },
  ANSWER_TOO_LARGE: {
    meaning: 'What you asked for would make an answer larger than the service can send (about 5 MB): a page or a range holding many large meetings.',
    whatToDo: 'Ask for fewer at a time: a smaller limit, a shorter date range, or one group or EPA.',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    meaning: 'The request has a body that is not sent as JSON.',
    whatToDo: 'Send the body as JSON with "Content-Type: application/json".',
  },
  OUTSIDE_BOOKING_WINDOW: {
    meaning: 'The time is outside the apprentice’s booking window: sooner than the notice period allows, or later than the furthest bookable day.',
    whatToDo: 'List the slots again: the answer’s window says from when and until when booking is open.',
  },
  BEFORE_EPA_DATE_BOOKING_PERIOD: {
    meaning: 'While the apprentice’s gateway is not approved, a training provider may not book a provisional meeting that starts this long before the estimated EPA date.',
    whatToDo: 'Choose a slot on or after the day the slot listing names, or ask the organisation to book it.',
  },
  ATTENDEE_LIMIT: {
    meaning: 'The meeting already has as many attendees as the organisation allows.',
    whatToDo: 'Remove an attendee first, or ask the organisation to allow more attendees per meeting.',
  },
  ALREADY_ATTENDING: {
    meaning: 'That person already attends this meeting, possibly as its EPA.',
    whatToDo: 'Nothing to add: read the meeting’s attendees.',
  },
  IDEMPOTENCY_KEY_REUSED: {
    meaning: 'The Idempotency-Key was used before for a different request.',
    whatToDo: 'Use a new key for each new request; send the same key only to retry the very same request.',
  },
  IDEMPOTENCY_KEY_IN_USE: {
    meaning: 'A request with the same Idempotency-Key is still being answered.',
    whatToDo: 'Wait a moment and send the same request with the same key again: you then get its answer.',
  },
  INTERNAL: {
    meaning: 'The service could not complete the request: something it depends on failed or was too slow.',
    whatToDo: 'Read the resource again to see whether the change happened before retrying, or retry with the same Idempotency-Key. The Retry-After header says how long to wait.',
  },
};

const escapeHtml = (text: string): string =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/** No script and no inline style: the site's Content-Security-Policy allows neither. */
const page = (code: string, title: string, status: number, explanation: ProblemExplanation): string => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} (${code}) · Planning meetings</title>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
<p>Problem code <code>${code}</code>, HTTP status ${status}.</p>
<h2>What it means</h2>
<p>${escapeHtml(explanation.meaning)}</p>
<h2>What to do</h2>
<p>${escapeHtml(explanation.whatToDo)}</p>
<p>The answer’s <code>detail</code> says what happened in this request. Programs should act on its <code>code</code>.</p>
</main>
</body>
</html>
`;

/** One page per code, named as `problemPagePath` names them (without the leading slash). */
export const problemPages = (): Array<{ fileName: string; html: string }> => [
  ...errorCodes.map((code) => ({
    fileName: problemPagePath(code).slice(1),
    html: page(code, problemTitle(code), statusOfCode[code], explanations[code]),
  })),
  { fileName: problemPagePath('INTERNAL').slice(1), html: page('INTERNAL', INTERNAL_TITLE, 503, explanations.INTERNAL) },
];
