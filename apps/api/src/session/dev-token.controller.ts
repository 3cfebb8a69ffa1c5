import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { SignJWT } from 'jose';
import { APP_CONFIG, AppConfig, DEVELOPMENT_JWT_SECRET } from '@ledger/infrastructure';
import { Public } from '../auth/auth.decorators';
import { DevTokenDto } from './dev-token.dto';

const TOKEN_HOURS = 8;

/**
 * The console's development sign-in (what `npm run token` prints, over HTTP). Mounted only
 * outside production and only while tokens are signed with the development secret
 * (developmentTokensAllowed), so in production the route does not exist (404). Not in the
 * OpenAPI document: it is no part of the contract clients build on.
 */
@ApiExcludeController()
@Controller('v1/dev/token')
export class DevTokenController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Post()
  @HttpCode(201)
  @Public()
  async mint(@Body() body: DevTokenDto): Promise<{ token: string; expiresAt: string }> {
    const expiresAt = Math.floor(Date.now() / 1000) + TOKEN_HOURS * 3600;
    const token = await new SignJWT({ pid: body.partnerId, roles: body.roles })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(body.userId ?? 'console-user')
      .setIssuedAt()
      .setExpirationTime(expiresAt)
      .sign(new TextEncoder().encode(this.config.auth.jwtSecret ?? ''));
    return { token, expiresAt: new Date(expiresAt * 1000).toISOString() };
  }
}

/** Development tokens exist only outside production, with the development HS256 secret and no JWKS. */
export function developmentTokensAllowed(config: AppConfig): boolean {
  return config.nodeEnv !== 'production' && !config.auth.jwksUrl && config.auth.jwtSecret === DEVELOPMENT_JWT_SECRET;
}
