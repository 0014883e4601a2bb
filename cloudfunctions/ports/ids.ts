export interface Ids {
  /** A new unique id, sortable by creation time within one process (audit entries are ordered by it). */
  next(): string;
}
