/** SCRAM-SHA-256 against RFC 7677's worked example (user "user", password "pencil"). */
import {
  deriveScramCredential,
  parseClientFirst,
  ScramError,
  ScramServerConversation,
} from '../src/auth/scram';
import { saslprep } from '../src/auth/saslprep';

const CLIENT_FIRST = 'n,,n=user,r=rOprNGfwEbeRWgbNEkqO';
const SERVER_NONCE = '%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0';
const SERVER_FIRST = 'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096';
const CLIENT_FINAL =
  'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=';
const SERVER_FINAL = 'v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=';

const pencil = deriveScramCredential('pencil', Buffer.from('W22ZaJ0SNY7soEsUEjb6gQ==', 'base64'), 4096);
const decoy = deriveScramCredential('not pencil');

function conversation(credential: typeof pencil | undefined = pencil): ScramServerConversation {
  return new ScramServerConversation(parseClientFirst(CLIENT_FIRST), credential, decoy, SERVER_NONCE);
}

describe('SCRAM-SHA-256 (RFC 7677 test vector)', () => {
  test('the stored key and server key derived from "pencil" accept the RFC client proof and give the RFC server signature', () => {
    const c = conversation();
    expect(c.first()).toBe(SERVER_FIRST);
    expect(c.final(CLIENT_FINAL)).toBe(SERVER_FINAL);
  });

  test('a proof with one bit changed is refused', () => {
    const c = conversation();
    c.first();
    const bad = CLIENT_FINAL.replace('p=dHzb', 'p=dHzc');
    expect(() => c.final(bad)).toThrow(ScramError);
  });

  test('an unknown user gets a salt and iterations like anyone else, and fails only at the proof', () => {
    const c = new ScramServerConversation(parseClientFirst(CLIENT_FIRST), undefined, decoy, SERVER_NONCE);
    expect(c.first()).toMatch(/^r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj\)hNlF\$k0,s=[^,]+,i=\d+$/);
    expect(() => c.final(CLIENT_FINAL)).toThrow(ScramError);
  });

  test('the nonce must be the combined one and the channel binding must match the gs2 header', () => {
    const c1 = conversation();
    c1.first();
    expect(() => c1.final(CLIENT_FINAL.replace('k0,p=', 'k1,p='))).toThrow(/nonce/);
    const c2 = conversation();
    c2.first();
    expect(() => c2.final(CLIENT_FINAL.replace('c=biws', 'c=eSws'))).toThrow(/channel binding/);
  });

  test('a client-final-message is accepted once only (no replay on the same conversation)', () => {
    const c = conversation();
    c.first();
    c.final(CLIENT_FINAL);
    expect(() => c.final(CLIENT_FINAL)).toThrow(ScramError);
  });

  test('client-first-message: channel binding and mandatory extensions are refused, usernames unescaped', () => {
    expect(() => parseClientFirst('p=tls-unique,,n=user,r=abc')).toThrow(/channel binding/);
    expect(() => parseClientFirst('n,,m=ext,n=user,r=abc')).toThrow(/extensions/);
    expect(() => parseClientFirst('n,,n=us=41er,r=abc')).toThrow(/escape/);
    expect(parseClientFirst('n,,n=a=2Cb=3Dc,r=abc').username).toBe('a,b=c');
    expect(() => parseClientFirst('n,a=other,n=user,r=abc')).toThrow(/authorization identity/);
  });

  test('passwords are SASLprepped as the driver does (soft hyphen dropped, Roman numeral four is IV)', () => {
    expect(saslprep('I\u00adX')).toBe('IX');
    expect(saslprep('\u2163')).toBe('IV');
    expect(saslprep('a\u00a0b')).toBe('a b');
    expect(() => saslprep('a\u0007b')).toThrow(/prohibited/);
  });
});
