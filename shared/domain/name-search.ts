/**
 * Finding people and records by name (SPEC §3.5): case-insensitive, on any word of the
 * name, by prefix. "ami" finds "Amira Apprentice", "app" every apprentice, and "Alan
 * Tur" needs both words to start a word of the name ("Alan Turing", not "Alan Smith").
 */

/** The words of a name as searched: lower case, accents kept, split on spaces, hyphens and apostrophes. */
export const nameWords = (name: string): string[] => [
  ...new Set(
    name
      .toLocaleLowerCase('en-GB')
      .split(/[\s\-'’]+/u)
      .filter(Boolean),
  ),
];

export const matchesNameSearch = (name: string, search: string | undefined): boolean => {
  const wanted = nameWords(search ?? '');
  if (wanted.length === 0) return true;
  const words = nameWords(name);
  return wanted.every((prefix) => words.some((word) => word.startsWith(prefix)));
};
