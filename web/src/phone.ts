import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

/**
 * A phone number as people write it (`07700 900456`, `+44 (0)20 7946 0000`), national
 * numbers read as the UK's, in the international form the API stores (`+447700900456`).
 * libphonenumber-js knows each country's numbering plan, which no pattern does; a possible
 * length is enough (Ofcom's 07700 900xxx numbers for drama and examples, and ranges
 * allocated after the library's release, must pass). Undefined: not a phone number.
 */
export const internationalPhoneNumber = (written: string): string | undefined => {
  const parsed = parsePhoneNumberFromString(written, 'GB');
  return parsed?.isPossible() ? parsed.number : undefined;
};

/** For a form: empty stays empty, a number goes in international form, anything else is sent as typed for the API to refuse by name. */
export const phoneToSend = (written: string): string | undefined => {
  const trimmed = written.trim();
  if (!trimmed) return undefined;
  return internationalPhoneNumber(trimmed) ?? trimmed;
};
