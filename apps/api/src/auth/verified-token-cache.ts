import { Principal } from './principal';

interface Entry {
  principal: Principal;
  /** Epoch ms after which the entry is gone (never later than the token's own validity). */
  expiresAt: number;
}

export interface VerifiedTokenCacheOptions {
  /** Bound on memory: past it the least recently used token is forgotten. */
  maxEntries: number;
  /** Longest a verified token is trusted without verifying it again (JWKS key rotation, revoked secrets). */
  maxAgeMs: number;
  now?: () => number;
}

/**
 * Principals of tokens that verified, keyed by the raw token, so a client sending the same
 * bearer token on every request pays for one signature check per token rather than per
 * request. Only successes are kept (a refused token is verified again each time); an entry
 * lives until the token stops being acceptable, or `maxAgeMs`, whichever is first.
 * A Map keeps insertion order: a hit is moved to the end, eviction takes the first key.
 */
export class VerifiedTokenCache {
  private readonly entries = new Map<string, Entry>();
  private readonly now: () => number;

  constructor(private readonly options: VerifiedTokenCacheOptions) {
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.entries.size;
  }

  get(token: string): Principal | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    this.entries.delete(token);
    if (entry.expiresAt <= this.now()) return undefined;
    this.entries.set(token, entry);
    return entry.principal;
  }

  /**
   * `validUntil`: epoch ms at which the token itself stops being acceptable (exp, iat + max age).
   * Returns the principal frozen, as every later hit shares it: no request can change it for the next.
   */
  set(token: string, principal: Principal, validUntil: number): Principal {
    const frozen = Object.freeze({ ...principal, roles: Object.freeze([...principal.roles]) as string[] });
    const expiresAt = Math.min(validUntil, this.now() + this.options.maxAgeMs);
    if (expiresAt <= this.now() || this.options.maxEntries <= 0) return frozen;
    this.entries.delete(token);
    while (this.entries.size >= this.options.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(token, { principal: frozen, expiresAt });
    return frozen;
  }
}
