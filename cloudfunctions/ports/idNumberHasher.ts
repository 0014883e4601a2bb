/**
 * A keyed hash (HMAC with a server secret) of a normalised 18-character ID number: the roster keeps
 * only this and the masked number, so a leaked database does not give the numbers away, yet a number
 * handed in again (re-import, export by ID number) is recognised.
 */
export interface IdNumberHasher {
  hash(idNumber: string): string;
}
