import { Inject, Injectable } from '@nestjs/common';
import { createRemoteJWKSet, JWTPayload, jwtVerify, JWTVerifyOptions } from 'jose';
import { APP_CONFIG, AppConfig } from '@ledger/infrastructure';
import { Principal } from './principal';

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
const TIME_RULES: JWTVerifyOptions = { requiredClaims: ['exp', 'iat'], maxTokenAge: '24h', clockTolerance: 60 };

/** Verifies bearer JWTs: HS256 with AUTH_JWT_SECRET, or keys from AUTH_JWKS_URL. */
@Injectable()
export class TokenVerifier {
  private readonly verifyToken: (token: string) => Promise<JWTPayload>;

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
    return { userId: sub, partnerId: pid, roles };
  }
}
