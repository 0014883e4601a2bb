/**
 * Which roster entry a 采集码 belongs to: the one with its 采集码号; for an entry listed by 学号 only,
 * the one whose masked name and masked ID number are those the 采集码 carries (学信网 masks both the
 * same way the roster does).
 */
export interface RosterIdentity {
  codeNumber?: string | undefined;
  nameMasked: string;
  idMasked: string;
}

export interface CodeIdentity {
  number: string;
  nameMasked: string;
  idMasked: string;
}

export function maskedKey(entry: { nameMasked: string; idMasked: string }): string {
  return `${entry.nameMasked}|${entry.idMasked}`;
}

export function rosterEntryMatches(entry: RosterIdentity, code: CodeIdentity): boolean {
  return entry.codeNumber !== undefined ? entry.codeNumber === code.number : maskedKey(entry) === maskedKey(code);
}

/** An index of a batch's roster for matching many codes at once. */
export function rosterIndex<E extends RosterIdentity>(entries: readonly E[]): (code: CodeIdentity) => E | undefined {
  const byNumber = new Map<string, E>();
  const byMasked = new Map<string, E>();
  for (const entry of entries) {
    if (entry.codeNumber !== undefined) byNumber.set(entry.codeNumber, entry);
    else byMasked.set(maskedKey(entry), entry);
  }
  return (code) => byNumber.get(code.number) ?? byMasked.get(maskedKey(code));
}
