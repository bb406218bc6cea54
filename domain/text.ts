// Text helpers for Vietnamese: accent-insensitive search keys and ASCII renderings.

/** Drops Vietnamese diacritics but keeps case and spacing: "Nguyễn Văn Đức" -> "Nguyen Van Duc". */
export function stripDiacritics(s: string): string {
  // NFD splits "ễ" into "e" + combining marks; đ/Đ is a letter of its own, not a mark, so map it by hand.
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .normalize('NFC');
}

/** The key stored in searchName columns: "  Nguyễn  Văn Đức " -> "nguyen van duc". */
export function toSearchName(s: string): string {
  return stripDiacritics(s).toLowerCase().replace(/\s+/g, ' ').trim();
}
