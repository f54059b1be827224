/**
 * The words a name is found by (SPEC §3.5, the planning meeting listing and the
 * directory search): case-insensitive, accents folded ("zoe" finds "Zoë"), split on
 * anything that is not a letter or a digit ("o bri" finds "O'Brien", "smi" finds
 * "Anne Smith-Jones"). A search matches when every word searched for starts a word of
 * the name: "ami" finds "Amira Apprentice", "app" every apprentice, "Alan Tur" "Alan
 * Turing" but not "Alan Smith".
 *
 * The store keeps one index item per word, so the words are bounded: the first
 * `MAX_INDEXED_WORDS` distinct words of a name, each cut to `MAX_WORD_LENGTH`
 * characters (a word searched for is cut alike, so a long word still finds itself).
 * Words never hold `#`, which separates the parts of an index key.
 */
export const MAX_WORD_LENGTH = 40;
export const MAX_INDEXED_WORDS = 8;
/** Words searched for at once; the longest is looked up by key, the others filter what it finds. */
export const MAX_SEARCH_WORDS = 5;
/** How much of the name the listings sort by (a key part, so bounded). */
const MAX_SORT_NAME_LENGTH = 80;

const wordsOf = (text: string): string[] =>
  text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .map((word) => [...word].slice(0, MAX_WORD_LENGTH).join(''));

const distinct = (words: readonly string[]): string[] => [...new Set(words)];

/** The words of a name that the index holds: distinct, in the order they come. */
export const indexedWords = (name: string): string[] => distinct(wordsOf(name)).slice(0, MAX_INDEXED_WORDS);

/** The words of a search, distinct, longest first (the one to look up by key); none for a blank search. */
export const searchWords = (search: string | undefined): string[] =>
  distinct(wordsOf(search ?? ''))
    .sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, MAX_SEARCH_WORDS);

/**
 * The name as one text of its words, each after a space (" alan turing"): "a word
 * starting with tur" is then "contains ' tur'", which a DynamoDB filter can say.
 */
export const searchText = (name: string): string => indexedWords(name).map((word) => ` ${word}`).join('');

/** What a listing sorts by: the name's words in order, lower case, bounded. */
export const sortName = (name: string): string => [...wordsOf(name).join(' ')].slice(0, MAX_SORT_NAME_LENGTH).join('');

/** Whether a name is found by a search: every word searched for starts a word of the name. */
export const matchesSearch = (name: string, search: readonly string[]): boolean => {
  const text = searchText(name);
  return search.every((word) => text.includes(` ${word}`));
};

/** The character a word's index partition is named by. */
export const firstCharacter = (word: string): string => [...word][0] ?? '';
