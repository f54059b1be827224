import fc from 'fast-check';
import { SegmentedMessage } from 'sms-segments-calculator';
import { describe, expect, it } from 'vitest';
import { defaultCommunicationConfiguration, templatePlaceholders } from '#domain/communication-configuration.ts';
import { notificationTypes } from '#domain/notification-types.ts';
import { renderSms } from '#domain/notification-planner.ts';
import { inGsm7, smsSizeOf } from '#domain/sms-encoding.ts';

const EMOJI = '😀';

describe('an SMS as the carrier bills it', () => {
  it.each([
    { text: 'x'.repeat(160), encoding: 'GSM-7', units: 160, segments: 1 },
    { text: 'x'.repeat(161), encoding: 'GSM-7', units: 161, segments: 2 },
    { text: 'x'.repeat(306), encoding: 'GSM-7', units: 306, segments: 2 },
    { text: 'x'.repeat(307), encoding: 'GSM-7', units: 307, segments: 3 },
    // An extension character is an escape and the character.
    { text: '€'.repeat(80), encoding: 'GSM-7', units: 160, segments: 1 },
    { text: `${'x'.repeat(159)}{`, encoding: 'GSM-7', units: 161, segments: 2 },
    // …and is not split across two segments: 152 + 2 does not fit 153.
    { text: `${'x'.repeat(152)}€${'x'.repeat(152)}`, encoding: 'GSM-7', units: 306, segments: 3 },
    // Letters of the GSM alphabet beyond ASCII stay GSM-7.
    { text: 'é'.repeat(160), encoding: 'GSM-7', units: 160, segments: 1 },
    // One character outside it, and the whole message is UCS-2.
    { text: 'ë'.repeat(70), encoding: 'UCS-2', units: 70, segments: 1 },
    { text: `${'x'.repeat(70)}’`, encoding: 'UCS-2', units: 71, segments: 2 },
    { text: `${'x'.repeat(144)}${EMOJI}`, encoding: 'UCS-2', units: 146, segments: 3 },
    // An emoji is two UTF-16 units and is not split: 66 + 2 does not fit 67.
    { text: `${'x'.repeat(66)}${EMOJI}${'x'.repeat(10)}`, encoding: 'UCS-2', units: 78, segments: 2 },
    { text: `${'x'.repeat(133)}${EMOJI}`, encoding: 'UCS-2', units: 135, segments: 3 },
  ])('$text.length characters: $segments in $encoding ($units units)', ({ text, encoding, units, segments }) => {
    expect(smsSizeOf(text)).toEqual({ encoding, units, segments });
  });

  it('does not send 145 emoji as one "160-character" message: 290 UCS-2 units, 5 messages', () => {
    const text = EMOJI.repeat(145);
    expect(Array.from(text)).toHaveLength(145);
    expect(smsSizeOf(text)).toEqual({ encoding: 'UCS-2', units: 290, segments: 5 });
  });

  it('counts as a well-used calculator (Twilio’s) does, for any text', () => {
    const alphabet = ['x', ' ', 'é', 'Ä', '\n', '€', '{', '|', '~', 'ë', '’', '–', 'Ł', EMOJI, '🇬🇧', '👩‍👩‍👧', '王', 'ф'];
    // Runs of every length around the segment sizes, with other characters either side.
    const around = fc.array(fc.oneof(fc.constantFrom(...alphabet), fc.string({ unit: 'grapheme', maxLength: 2 })), { maxLength: 12 });
    fc.assert(
      fc.property(around, fc.integer({ min: 0, max: 330 }), fc.constantFrom('x', 'é', '€', 'ë', EMOJI), around, (before, length, run, after) => {
        const text = `${before.join('')}${run.repeat(length)}${after.join('')}`;
        const calculator = new SegmentedMessage(text);
        expect(smsSizeOf(text)).toMatchObject({ encoding: calculator.encodingName, segments: text === '' ? 1 : calculator.segmentsCount });
      }),
      { numRuns: 1000 },
    );
  });
});

describe('values written in GSM-7', () => {
  it.each([
    { value: 'Siobhán O’Brien', written: 'Siobhan O\'Brien' },
    { value: 'Zoë Łukasz-Żak', written: 'Zoe Lukasz-Zak' },
    { value: 'François – “Room 4”…', written: 'Francois - "Room 4"...' },
    { value: 'Ärztin Müller, Åsa', written: 'Ärztin Müller, Åsa' },
    { value: `Teams ${EMOJI} 王芳 👩‍👩‍👧`, written: 'Teams ? ?? ?' },
  ])('$value → $written', ({ value, written }) => {
    expect(inGsm7(value)).toBe(written);
    expect(smsSizeOf(written).encoding).toBe('GSM-7');
  });
});

describe('a default SMS text', () => {
  const value = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 600 }),
    fc.string({ unit: 'binary', maxLength: 300 }),
    fc.array(fc.constantFrom('x', ' ', '€', '{', EMOJI, '’', 'ë', '\n', 'Room 4, '), { maxLength: 500 }).map((parts) => parts.join('')),
  );
  const values = fc.record(Object.fromEntries(templatePlaceholders.map((name) => [name, value])) as Record<(typeof templatePlaceholders)[number], fc.Arbitrary<string>>);

  it.each(notificationTypes)('%s is one GSM-7 text message whatever the values', (type) => {
    const template = defaultCommunicationConfiguration.types[type].sms;
    fc.assert(
      fc.property(values, (given) => {
        const text = renderSms(template, given);
        expect(smsSizeOf(text), text).toMatchObject({ encoding: 'GSM-7', segments: 1 });
      }),
      { numRuns: 200 },
    );
  });

  it('keeps its own words and the values that fit, and writes an emoji as "?"', () => {
    const text = renderSms(defaultCommunicationConfiguration.types.meetingInvite.sms, {
      apprenticeName: `Sam Okafor ${EMOJI}`,
      date: 'Monday 11 January 2027',
      time: '09:00 to 10:00 GMT',
      location: EMOJI.repeat(145),
    });
    expect(text).toMatch(/^Planning meeting for Sam Okafor \? confirmed: Monday 11 January 2027, 09:00 to 10:00 GMT\. Where: \?+\.\.\.\.$/);
    expect(smsSizeOf(text).segments).toBe(1);
  });
});
