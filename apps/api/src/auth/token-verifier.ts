import { Inject, Injectable } from '@nestjs/common';
import { createRemoteJWKSet, JWTPayload, jwtVerify, JWTVerifyOptions } from 'jose';
import { APP_CONFIG, AppConfig } from '@ledger/infrastructure';
import { Principal } from './principal';
import { VerifiedTokenCache } from './verified-token-cache';

export class InvalidTokenError extends Error {}

const PARTNER_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** A shared secret signs only with HMAC-SHA256; keys from a JWKS only with asymmetric algorithms (never `none` nor HS*). */
export const SECRET_ALGORITHMS = ['HS256'];
export const JWKS_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

/**
 * API.md "Errors": `exp` and `iat` required, a token older than 24 h or issued more than 60 s
 * in the future is refused. jose checks against the wall clock (never the test clock: a moved
 * business clock must not make tokens valid or invalid).
 */
const MAX_TOKEN_AGE_SECONDS = 24 * 3600;
const TIME_RULES: JWTVerifyOptions = { requiredClaims: ['exp', 'iat'], maxTokenAge: MAX_TOKEN_AGE_SECONDS, clockTolerance: 60 };

/**
 * Verified tokens are trusted again without a signature check until they expire, at most
 * this long (a key removed from the JWKS stops working within it), and at most this many
 * (about 1 KB each: a bounded few MB however many clients there are).
 */
export const VERIFIED_TOKEN_CACHE = { maxEntries: 10_000, maxAgeMs: 5 * 60_000 };

/** Verifies bearer JWTs: HS256 with AUTH_JWT_SECRET, or keys from AUTH_JWKS_URL. */
@Injectable()
export class TokenVerifier {
  private readonly verifyToken: (token: string) => Promise<JWTPayload>;
  private readonly verified = new VerifiedTokenCache(VERIFIED_TOKEN_CACHE);

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    if (config.auth.jwksUrl) {
      const keys = createRemoteJWKSet(new URL(config.auth.jwksUrl));
      this.verifyToken = async (token) => (await jwtVerify(token, keys, { ...TIME_RULES, algorithms: JWKS_ALGORITHMS })).payload;
    } else {
      const secret = new TextEncoder().encode(config.auth.jwtSecret ?? '');
      this.verifyToken = async (token) => (await jwtVerify(token, secret, { ...TIME_RULES, algorithms: SECRET_ALGORITHMS })).payload;
    }
  }

  async verify(token: string): Promise<Principal> {
    const cached = this.verified.get(token);
    if (cached) return cached;
    const { principal, validUntil } = await this.verifyUncached(token);
    return this.verified.set(token, principal, validUntil);
  }

  private async verifyUncached(token: string): Promise<{ principal: Principal; validUntil: number }> {
    let payload: JWTPayload;
    try {
      payload = await this.verifyToken(token);
    } catch (error) {
      throw new InvalidTokenError(`token rejected: ${(error as Error).message}`);
    }
    const { sub, pid, roles } = payload as JWTPayload & { pid?: unknown; roles?: unknown };
    if (typeof sub !== 'string' || sub.length === 0) throw new InvalidTokenError('token has no "sub" (user id)');
    if (typeof pid !== 'string' || !PARTNER_ID.test(pid)) throw new InvalidTokenError('token has no valid "pid" (partner id)');
    if (!Array.isArray(roles) || !roles.every((r) => typeof r === 'string')) {
      throw new InvalidTokenError('token "roles" must be an array of role names');
    }
    // jose required both; a cached token is dropped when exp passes or iat turns 24 h old,
    // never later than verifying it again would refuse it.
    const validUntil = Math.min(payload.exp! * 1000, (payload.iat! + MAX_TOKEN_AGE_SECONDS) * 1000);
    return { principal: { userId: sub, partnerId: pid, roles }, validUntil };
  }
}
