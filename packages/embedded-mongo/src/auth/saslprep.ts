/**
 * SASLprep (RFC 4013) for SCRAM-SHA-256 passwords, as the driver applies it before hashing: non-ASCII
 * spaces become U+0020, "commonly mapped to nothing" characters go, then NFKC. Control characters,
 * private use and the other prohibited characters are refused. Unassigned code points and the bidi
 * rules are not checked: generated passwords are ASCII, and a password the driver would refuse
 * cannot log in anyway.
 */
type Range = readonly [number, number];

const inRanges = (ranges: readonly Range[], cp: number): boolean =>
  ranges.some(([a, b]) => cp >= a && cp <= b);

/** RFC 3454 C.1.2 */
const SPACES: Range[] = [
  [0xa0, 0xa0],
  [0x1680, 0x1680],
  [0x2000, 0x200b],
  [0x202f, 0x202f],
  [0x205f, 0x205f],
  [0x3000, 0x3000],
];
/** RFC 3454 B.1 */
const NOTHING: Range[] = [
  [0xad, 0xad],
  [0x34f, 0x34f],
  [0x1806, 0x1806],
  [0x180b, 0x180d],
  [0x200b, 0x200d],
  [0x2060, 0x2060],
  [0xfe00, 0xfe0f],
  [0xfeff, 0xfeff],
];
/** RFC 4013 2.3 (C.1.2 is mapped away before this check, C.5 cannot survive UTF-8). */
const PROHIBITED: Range[] = [
  [0x0, 0x1f],
  [0x7f, 0x9f],
  [0x6dd, 0x6dd],
  [0x70f, 0x70f],
  [0x180e, 0x180e],
  [0x200e, 0x200f],
  [0x2028, 0x202e],
  [0x2060, 0x2063],
  [0x206a, 0x206f],
  [0xd800, 0xdfff],
  [0xe000, 0xf8ff],
  [0xfdd0, 0xfdef],
  [0xfff9, 0xffff],
  [0x1d173, 0x1d17a],
  [0xe0001, 0xe0001],
  [0xe0020, 0xe007f],
  [0xf0000, 0x10ffff],
];

export function saslprep(value: string): string {
  let mapped = '';
  for (const ch of value) {
    const cp = ch.codePointAt(0)!;
    if (inRanges(SPACES, cp)) mapped += ' ';
    else if (!inRanges(NOTHING, cp)) mapped += ch;
  }
  const prepared = mapped.normalize('NFKC');
  for (const ch of prepared) {
    if (inRanges(PROHIBITED, ch.codePointAt(0)!))
      throw new Error('password contains a prohibited character (SASLprep)');
  }
  return prepared;
}
