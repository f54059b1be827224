import { useState } from 'preact/hooks';
import type { Answer } from '../../api.ts';

/**
 * Load, edit, save with the version, show the problem: what every configuration tab does with
 * its record. The version read is the one sent back, so a change someone else saved meanwhile
 * answers 412 instead of being overwritten; the problem is kept for the form to show beside
 * its fields, and `saved` for the line under it.
 */
export const useRecordEditor = <T>() => {
  const [record, setRecord] = useState<Answer<T>>();
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState(false);

  /** Reads the record and fills the form from it; a read that fails leaves nothing open and says why. */
  const load = async (read: () => Promise<Answer<T>>, fill: (data: T) => unknown): Promise<void> => {
    setError(undefined);
    try {
      const answer = await read();
      setRecord(answer);
      await fill(answer.data);
    } catch (problem) {
      setRecord(undefined);
      setError(problem);
    }
  };

  /** Sends the record with the version it was read at (a tab creating one sends 0 instead), then keeps what the service answered. */
  const save = async (write: (version: number | undefined) => Promise<Answer<T>>, then: (data: T) => void): Promise<void> => {
    setError(undefined);
    setSaved(false);
    try {
      const answer = await write(record?.version);
      setRecord(answer);
      then(answer.data);
      setSaved(true);
    } catch (problem) {
      setError(problem);
    }
  };

  /** Nothing read: the tab is starting a new record. */
  const clear = (): void => {
    setError(undefined);
    setRecord(undefined);
  };

  return { record, version: record?.version, error, saved, load, save, clear };
};
