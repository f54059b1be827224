/** The pieces the default letters share. */
export const details = [
  'When: {{date}}, {{time}}',
  'Where: {{location}}',
  'Apprentice: {{apprenticeName}}',
  'End-point assessor: {{epaName}}',
  'Standard: {{standardName}}',
].join('\n');

export const letter = (...paragraphs: string[]): string => ['Dear {{recipientName}},', ...paragraphs].join('\n\n');

/** A line of its own: it goes where the link is empty (a guest, or a stack without screens). */
export const seeTheMeeting = 'See the meeting: {{meetingLink}}';
