/**
 * Development tokens: `npm run token -- --partner <pid> --role <role> [--role ...] [--user <id>]`.
 * Signs HS256 with AUTH_JWT_SECRET (or the development default); refused in production.
 */
import { SignJWT } from 'jose';
import { parseArgs } from 'node:util';
import { isRole, ROLES } from '../libs/domain/src/access/permissions';
import { ConfigError, parseAppConfig } from '../libs/infrastructure/src/config/app-config';

async function main(): Promise<void> {
  const config = parseAppConfig(process.env);
  if (config.nodeEnv === 'production') throw new Error('npm run token is for development only (NODE_ENV=production)');
  const { values } = parseArgs({
    options: {
      partner: { type: 'string' },
      role: { type: 'string', multiple: true },
      user: { type: 'string', default: 'dev-user' },
      ttl: { type: 'string', default: '8h' },
    },
  });
  if (!values.partner) throw new Error('--partner <partner id> is required');
  const roles = values.role ?? [];
  if (roles.length === 0) throw new Error(`give at least one --role (${ROLES.join(', ')})`);
  const unknown = roles.filter((role) => !isRole(role));
  if (unknown.length > 0) throw new Error(`unknown role ${unknown.join(', ')}; roles are ${ROLES.join(', ')}`);
  const token = await new SignJWT({ pid: values.partner, roles })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(values.user!)
    .setIssuedAt()
    .setExpirationTime(values.ttl!)
    .sign(new TextEncoder().encode(config.auth.jwtSecret ?? ''));
  process.stdout.write(`${token}\n`);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError || error instanceof Error ? error.message : error);
  process.exitCode = 1; // not process.exit(): let stderr drain
});
