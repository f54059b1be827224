/**
 * How a carrier bills a text message (3GPP TS 23.038 and 23.040). A message is sent in
 * GSM-7 when every character is in the GSM 7-bit default alphabet or its extension
 * table (an extension character is an escape and the character: two septets); one
 * character outside them, and the whole message goes in UCS-2 (UTF-16 code units: an
 * emoji takes two). One segment holds 160 septets or 70 units; a longer message is
 * split into segments of 153 septets or 67 units (the rest of each carries the header
 * that joins them), and is billed per segment. A character is never split across two
 * segments, so a segment may be a unit short.
 *
 * The tables are the standard's, held here rather than taken from a package: the domain
 * stays free of imports, and the notifiers, the configuration function and the screens
 * all need it. A test checks the counts against a well-used calculator.
 */

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export const SMS_SEGMENT_SIZES: Readonly<Record<SmsEncoding, { single: number; part: number }>> = {
  'GSM-7': { single: 160, part: 153 },
  'UCS-2': { single: 70, part: 67 },
};

export interface SmsSize {
  encoding: SmsEncoding;
  /** Septets in GSM-7, UTF-16 code units in UCS-2. */
  units: number;
  /** Text messages billed. */
  segments: number;
}

/** The GSM 7-bit default alphabet, as the characters it stands for (one septet each). */
const GSM_BASIC = new Set(
  Array.from(
    '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
  ),
);
/** The extension table: an escape septet and the character. */
const GSM_EXTENSION = new Set(Array.from('\f^{}\\[~]|€'));

const isGsm7Character = (character: string): boolean => GSM_BASIC.has(character) || GSM_EXTENSION.has(character);

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });
export const graphemesOf = (text: string): string[] => Array.from(graphemes.segment(text), (part) => part.segment);

export const isGsm7 = (text: string): boolean => Array.from(text).every(isGsm7Character);

export const smsEncodingOf = (text: string): SmsEncoding => (isGsm7(text) ? 'GSM-7' : 'UCS-2');

const unitsOf = (grapheme: string, encoding: SmsEncoding): number =>
  encoding === 'UCS-2' ? grapheme.length : Array.from(grapheme).reduce((sum, character) => sum + (GSM_EXTENSION.has(character) ? 2 : 1), 0);

/** What a text costs as one message: its encoding, its length in that encoding's units, and the segments billed. */
export const smsSizeOf = (text: string): SmsSize => {
  const encoding = smsEncodingOf(text);
  const sizes = graphemesOf(text).map((grapheme) => unitsOf(grapheme, encoding));
  const units = sizes.reduce((sum, size) => sum + size, 0);
  const { single, part } = SMS_SEGMENT_SIZES[encoding];
  if (units <= single) return { encoding, units, segments: 1 };
  // Greedy, never splitting a character (an escape and its character, an emoji) across two segments.
  let segments = 1;
  let used = 0;
  for (const size of sizes) {
    if (used + size > part) {
      segments += 1;
      used = 0;
    }
    used += size;
  }
  return { encoding, units, segments };
};

/** Typographic characters with a plain GSM-7 equivalent: what phones type for quotes, dashes and spaces. */
const PLAIN: Readonly<Record<string, string>> = {
  ...Object.fromEntries(Array.from('‘’‚‛′´`ʼʹˈ‹›＇').map((character) => [character, "'"])),
  ...Object.fromEntries(Array.from('“”„‟″«»＂').map((character) => [character, '"'])),
  ...Object.fromEntries(Array.from('‐‑‒–—―−').map((character) => [character, '-'])),
  ...Object.fromEntries(Array.from('\t\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000').map((character) => [character, ' '])),
  ...Object.fromEntries(Array.from('\u00ad\u200b\u200c\u200d\u2060\ufeff').map((character) => [character, ''])),
  '…': '...',
  '•': '-',
  '·': '.',
  Ł: 'L',
  ł: 'l',
  Đ: 'D',
  đ: 'd',
  Ð: 'D',
  ð: 'd',
  Ħ: 'H',
  ħ: 'h',
  ı: 'i',
  Œ: 'OE',
  œ: 'oe',
  Þ: 'Th',
  þ: 'th',
  ſ: 's',
};

/** A character's plain letter and its accents apart (NFD), the accents dropped: ë → e, ș → s, Ž → Z. */
const withoutAccents = (text: string): string => text.normalize('NFD').replace(/\p{M}/gu, '');

const gsm7Of = (grapheme: string): string => {
  if (isGsm7(grapheme)) return grapheme;
  const plain = Array.from(grapheme, (character) => (isGsm7Character(character) ? character : (PLAIN[character] ?? withoutAccents(character)))).join('');
  return isGsm7(plain) ? plain : '?';
};

/**
 * A value written in GSM-7, so that it does not turn a whole message into UCS-2 (less
 * than half the room): quotes, dashes and spaces made plain, accents dropped where the
 * alphabet lacks the letter (Zoë → Zoe, Łukasz → Lukasz), anything else (another
 * script, an emoji) written as "?".
 */
export const inGsm7 = (text: string): string => graphemesOf(text).map(gsm7Of).join('');

/**
 * A customer's SMS text may take two text messages as written (306 GSM-7 septets, or
 * 134 UCS-2 units once one character is outside the GSM alphabet); the default texts
 * take one. Counted as the carrier bills, not in characters: 145 characters with one
 * emoji are three messages.
 */
export const MAX_SMS_TEMPLATE_SEGMENTS = 2;

/** Why an SMS template is too long for two text messages, in words for the person writing it; undefined when it fits. */
export const smsTemplateProblem = (template: string): string | undefined => {
  const size = smsSizeOf(template.trim());
  if (size.segments <= MAX_SMS_TEMPLATE_SEGMENTS) return undefined;
  const gsm = SMS_SEGMENT_SIZES['GSM-7'].part * MAX_SMS_TEMPLATE_SEGMENTS;
  const ucs = SMS_SEGMENT_SIZES['UCS-2'].part * MAX_SMS_TEMPLATE_SEGMENTS;
  const outside = [...new Set(graphemesOf(template).filter((character) => !isGsm7(character)))].slice(0, 5);
  return size.encoding === 'GSM-7'
    ? `takes ${size.segments} text messages (${size.units} characters, with € [ ] { } | ^ ~ \\ counting as 2): at most ${MAX_SMS_TEMPLATE_SEGMENTS} (${gsm})`
    : `takes ${size.segments} text messages: with ${outside.join(' ')} in it, outside the GSM alphabet, a text message holds ${SMS_SEGMENT_SIZES['UCS-2'].part} characters instead of ${SMS_SEGMENT_SIZES['GSM-7'].part} (an emoji counting as 2): at most ${MAX_SMS_TEMPLATE_SEGMENTS} (${ucs})`;
};
