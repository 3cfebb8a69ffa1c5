import { SignJWT } from 'jose';
import { AppConfig } from '@ledger/infrastructure';
import { InvalidTokenError, TokenVerifier, VERIFIED_TOKEN_CACHE } from './token-verifier';
import { VerifiedTokenCache } from './verified-token-cache';

const SECRET = 'a-test-secret-of-enough-length-for-hs256';
const T0 = Date.parse('2026-03-01T10:00:00.000Z');
const seconds = (ms: number) => Math.floor(ms / 1000);
const principal = (userId: string) => ({ userId, partnerId: 'partner-a', roles: ['global-admin'] });

function mint(claims: { iat: number; exp: number }): Promise<string> {
  return new SignJWT({ pid: 'partner-a', roles: ['global-admin'] })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('user-1')
    .setIssuedAt(claims.iat)
    .setExpirationTime(claims.exp)
    .sign(new TextEncoder().encode(SECRET));
}

/** The verifier with its signature checks counted. */
function countingVerifier(): { verifier: TokenVerifier; checks: () => number } {
  const verifier = new TokenVerifier({ auth: { jwtSecret: SECRET } } as AppConfig);
  const internals = verifier as unknown as { verifyToken: (token: string) => Promise<unknown> };
  const original = internals.verifyToken;
  let count = 0;
  internals.verifyToken = (token) => {
    count++;
    return original(token);
  };
  return { verifier, checks: () => count };
}

describe('TokenVerifier: verified tokens cached until they expire', () => {
  // Only Date is faked: jose reads the wall clock through it, and so does the cache.
  beforeEach(() => jest.useFakeTimers({ now: T0, doNotFake: ['nextTick', 'setImmediate', 'setTimeout', 'setInterval', 'clearTimeout', 'clearInterval', 'clearImmediate', 'queueMicrotask', 'hrtime', 'performance'] }));
  afterEach(() => jest.useRealTimers());

  it('a token used on many requests is verified once', async () => {
    const { verifier, checks } = countingVerifier();
    const token = await mint({ iat: seconds(T0), exp: seconds(T0) + 3600 });
    for (let i = 0; i < 5; i++) expect(await verifier.verify(token)).toEqual(principal('user-1'));
    expect(checks()).toBe(1);
  });

  it('a cached token stops working once it expires (exp, with the 60 s of clock skew jose allows)', async () => {
    const { verifier, checks } = countingVerifier();
    const token = await mint({ iat: seconds(T0), exp: seconds(T0) + 120 });
    await verifier.verify(token);
    jest.setSystemTime(T0 + 119_000);
    await verifier.verify(token);
    expect(checks()).toBe(1);
    jest.setSystemTime(T0 + 120_000);
    await verifier.verify(token); // past exp: verified again, still inside the skew
    expect(checks()).toBe(2);
    jest.setSystemTime(T0 + 181_000);
    await expect(verifier.verify(token)).rejects.toThrow(InvalidTokenError);
  });

  it('a cached token stops working when it turns 24 h old, even with exp ahead', async () => {
    const { verifier } = countingVerifier();
    const token = await mint({ iat: seconds(T0), exp: seconds(T0) + 48 * 3600 });
    await verifier.verify(token);
    jest.setSystemTime(T0 + 24 * 3600_000 + 61_000);
    await expect(verifier.verify(token)).rejects.toThrow(/token rejected/);
  });

  it('a long-lived token is verified again after the cache cap', async () => {
    const { verifier, checks } = countingVerifier();
    const token = await mint({ iat: seconds(T0), exp: seconds(T0) + 3600 });
    await verifier.verify(token);
    jest.setSystemTime(T0 + VERIFIED_TOKEN_CACHE.maxAgeMs);
    await verifier.verify(token);
    expect(checks()).toBe(2);
  });

  it('a refusal is never cached: a token issued too far ahead is accepted once the clock reaches it', async () => {
    const { verifier, checks } = countingVerifier();
    const token = await mint({ iat: seconds(T0) + 120, exp: seconds(T0) + 3600 });
    await expect(verifier.verify(token)).rejects.toThrow(InvalidTokenError);
    jest.setSystemTime(T0 + 120_000);
    expect(await verifier.verify(token)).toEqual(principal('user-1'));
    expect(checks()).toBe(2);
  });

  it('the cached principal cannot be changed by one request for the next', async () => {
    const { verifier } = countingVerifier();
    const token = await mint({ iat: seconds(T0), exp: seconds(T0) + 3600 });
    const first = await verifier.verify(token);
    expect(() => first.roles.push('x')).toThrow(TypeError);
    expect((await verifier.verify(token)).roles).toEqual(['global-admin']);
  });
});

describe('VerifiedTokenCache', () => {
  it('is bounded: past maxEntries the least recently used token is forgotten', () => {
    const cache = new VerifiedTokenCache({ maxEntries: 3, maxAgeMs: 60_000, now: () => 0 });
    for (const name of ['a', 'b', 'c']) cache.set(name, principal(name), 60_000);
    expect(cache.get('a')?.userId).toBe('a'); // a is now the most recently used
    cache.set('d', principal('d'), 60_000);
    expect(cache.size).toBe(3);
    expect(cache.get('b')).toBeUndefined();
    expect(['a', 'c', 'd'].map((name) => cache.get(name)?.userId)).toEqual(['a', 'c', 'd']);
    for (let i = 0; i < 1000; i++) cache.set(`t${i}`, principal(`t${i}`), 60_000);
    expect(cache.size).toBe(3);
  });

  it('an entry lives until the token stops being valid or maxAgeMs, whichever is first', () => {
    let now = 1_000;
    const cache = new VerifiedTokenCache({ maxEntries: 10, maxAgeMs: 500, now: () => now });
    cache.set('short', principal('short'), 1_200);
    cache.set('long', principal('long'), 1_000_000);
    cache.set('expired', principal('expired'), 1_000);
    expect(cache.size).toBe(2);
    now = 1_199;
    expect(cache.get('short')).toBeDefined();
    now = 1_200;
    expect(cache.get('short')).toBeUndefined();
    expect(cache.get('long')).toBeDefined();
    now = 1_500;
    expect(cache.get('long')).toBeUndefined();
    expect(cache.size).toBe(0);
  });
});
