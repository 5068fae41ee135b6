/**
 * SASLprep (RFC 4013) for SCRAM-SHA-256 passwords, as the driver applies it before hashing: non-ASCII
 * spaces become U+0020, "commonly mapped to nothing" characters go, then NFKC. Control characters
 * are refused. Unassigned code points and the bidi rules are not checked: generated passwords are
 * ASCII, and a password the driver would refuse cannot log in anyway.
 */
const SPACES = /[\u00a0\u1680\u2000-\u200b\u202f\u205f\u3000]/gu;
const NOTHING = /[\u00ad\u034f\u1806\u180b-\u180d\u200b-\u200d\u2060\ufe00-\ufe0f\ufeff]/gu;
// eslint-disable-next-line no-control-regex
const PROHIBITED =
  /[\u0000-\u001f\u007f-\u009f\u06dd\u070f\u180e\u200e\u200f\u2028-\u202e\u2061-\u2063\u206a-\u206f\ud800-\udfff\ue000-\uf8ff\ufff9-\ufffd]/u;

export function saslprep(value: string): string {
  const prepared = value.replace(SPACES, ' ').replace(NOTHING, '').normalize('NFKC');
  if (PROHIBITED.test(prepared)) throw new Error('password contains a prohibited character (SASLprep)');
  return prepared;
}
