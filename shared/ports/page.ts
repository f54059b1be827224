/** One page of a listing and where the next one starts. */
export interface Page<T> {
  items: T[];
  /** Where the next page starts; undefined on the last page. */
  cursor: string | undefined;
}
