import { ApiProblem, type ApiClient } from '../../api.ts';

/** Ids of new standards and groups are chosen by whoever creates them (SPEC Appendix A): asked for once, as a short code. */
export const SHORT_CODE_PATTERN = '[A-Za-z0-9][A-Za-z0-9._:@\\-]*';
export const SHORT_CODE_HINT = (what: string, example: string) =>
  `How the service knows this ${what}, for example ${example}: letters, digits and . _ : @ -, starting with a letter or digit. People see its name; the short code cannot be changed later.`;

/**
 * A new record is sent as version 0, so a short code already in use answers 412 rather
 * than overwriting that record: said beside the short code, in words.
 */
export const codeInUse = (problem: unknown, what: 'standard' | 'group', code: string, path: string): unknown =>
  problem instanceof ApiProblem && problem.code === 'VERSION_MISMATCH'
    ? new ApiProblem({
        ...problem.problem,
        title: 'That short code is taken',
        detail: `Choose another short code, or find the existing ${what} by name above to change it.`,
        errors: [{ path, message: `${code} is already the short code of a ${what}` }],
      })
    : problem;

/** Names for records the screen holds by id, said in words when the directory will not give one. */
export const userName = (api: ApiClient, id: string): Promise<string> => api.user(id).then(({ name }) => name, () => 'Someone not in the directory');
export const groupName = (api: ApiClient, id: string): Promise<string> => api.group(id).then(({ data }) => data.name, () => 'A group that no longer exists');

/** What a save answered, for the line under the form. */
export const Saved = ({ saved }: { saved: boolean }) => (saved ? <p class="saved" role="status">Saved.</p> : null);
