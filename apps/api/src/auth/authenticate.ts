import { Injectable } from '@nestjs/common';
import { AuthenticatedRequest } from './auth.decorators';
import { Principal } from './principal';
import { InvalidTokenError, TokenVerifier } from './token-verifier';

export class MissingTokenError extends InvalidTokenError {}

const BEARER = /^Bearer ([A-Za-z0-9._~+/=-]+)$/;

/** The request's verified principal, verified once however many guards ask (auth, rate limit). */
@Injectable()
export class Authenticator {
  constructor(private readonly verifier: TokenVerifier) {}

  async authenticate(request: AuthenticatedRequest): Promise<Principal> {
    if (request.principal) return request.principal;
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? BEARER.exec(header) : null;
    if (!match) throw new MissingTokenError('send "Authorization: Bearer <JWT>"');
    request.principal = await this.verifier.verify(match[1]);
    return request.principal;
  }
}
