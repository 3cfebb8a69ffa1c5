/**
 * The environment API.md promises (PORT, HOST, DATA_DIR, EVENTSTORE_URL, MONGODB_URL,
 * AUTH_JWT_SECRET, AUTH_JWKS_URL, TEST_CLOCK, NODE_ENV, RATE_LIMIT_PER_MINUTE, CORS_ORIGINS),
 * parsed once at start.
 * A bad value stops the process with one line naming the setting and what is allowed.
 */
export interface AppConfig {
  nodeEnv: 'development' | 'test' | 'production';
  port: number;
  host: string;
  dataDir: string;
  eventStoreUrl: string | null;
  mongodbUrl: string | null;
  auth: { jwtSecret: string | null; jwksUrl: string | null };
  testClock: boolean;
  /** Requests per minute per partner (per IP without a valid token); null: no limit. */
  rateLimitPerMinute: number | null;
  /** Origins allowed by CORS; empty: no CORS (a preflight is a 404). */
  corsOrigins: string[];
  /** R22: key the signing secrets are derived from; private targets refused in production unless allowed. */
  webhooks: { secretKey: string | null; refusePrivateUrls: boolean };
}

export class ConfigError extends Error {
  constructor(readonly setting: string, message: string) {
    super(`invalid configuration: ${setting} ${message}`);
    this.name = 'ConfigError';
  }
}

/** Only for local development and tests; refused when NODE_ENV=production. */
export const DEVELOPMENT_JWT_SECRET = 'development-secret-not-for-production';

type Env = Record<string, string | undefined>;

function optional(env: Env, name: string): string | null {
  const value = env[name]?.trim();
  return value ? value : null;
}

function parseNodeEnv(env: Env): AppConfig['nodeEnv'] {
  const value = optional(env, 'NODE_ENV') ?? 'development';
  if (value === 'development' || value === 'test' || value === 'production') return value;
  throw new ConfigError('NODE_ENV', `must be development, test or production (got "${value}")`);
}

function parsePort(env: Env): number {
  const raw = optional(env, 'PORT') ?? '3000';
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65535) {
    throw new ConfigError('PORT', `must be an integer between 0 and 65535 (got "${raw}")`);
  }
  return port;
}

function parseUrl(env: Env, name: string, schemes: string[]): string | null {
  const value = optional(env, name);
  if (value === null) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(name, `must be a URL (got "${value}")`);
  }
  const scheme = url.protocol.replace(/:$/, '');
  if (!schemes.includes(scheme)) {
    throw new ConfigError(name, `must start with ${schemes.map((s) => `${s}://`).join(' or ')} (got "${value}")`);
  }
  return value;
}

function parseTestClock(env: Env, nodeEnv: AppConfig['nodeEnv']): boolean {
  const value = optional(env, 'TEST_CLOCK');
  if (value === null || value === 'disabled') return false;
  if (value !== 'enabled') throw new ConfigError('TEST_CLOCK', `must be "enabled" or unset (got "${value}")`);
  if (nodeEnv === 'production') throw new ConfigError('TEST_CLOCK', 'cannot be enabled when NODE_ENV=production');
  return true;
}

function parseAuth(env: Env, nodeEnv: AppConfig['nodeEnv']): AppConfig['auth'] {
  const jwksUrl = parseUrl(env, 'AUTH_JWKS_URL', ['https', 'http']);
  const secret = optional(env, 'AUTH_JWT_SECRET');
  if (nodeEnv === 'production') {
    if (!jwksUrl && !secret) throw new ConfigError('AUTH_JWKS_URL', 'is required when NODE_ENV=production (or set AUTH_JWT_SECRET)');
    if (secret === DEVELOPMENT_JWT_SECRET) throw new ConfigError('AUTH_JWT_SECRET', 'must not be the development default in production');
    if (secret && secret.length < 32) throw new ConfigError('AUTH_JWT_SECRET', 'must be at least 32 characters in production');
    return { jwtSecret: secret, jwksUrl };
  }
  return { jwtSecret: secret ?? DEVELOPMENT_JWT_SECRET, jwksUrl };
}

/** Unset: 600 a minute, but off under NODE_ENV=test (tests turn it on explicitly); `0` turns it off. */
function parseRateLimit(env: Env, nodeEnv: AppConfig['nodeEnv']): number | null {
  const raw = optional(env, 'RATE_LIMIT_PER_MINUTE');
  if (raw === null) return nodeEnv === 'test' ? null : 600;
  if (!/^\d{1,7}$/.test(raw)) throw new ConfigError('RATE_LIMIT_PER_MINUTE', `must be a whole number of requests, 0 for no limit (got "${raw}")`);
  const limit = Number(raw);
  return limit === 0 ? null : limit;
}

/** A comma list of origins (`https://app.example.com`), or `*` for any. */
function parseCorsOrigins(env: Env): string[] {
  const raw = optional(env, 'CORS_ORIGINS');
  if (raw === null) return [];
  const origins = raw.split(',').map((origin) => origin.trim()).filter((origin) => origin !== '');
  for (const origin of origins) {
    if (origin === '*') continue;
    let parsed: URL | null = null;
    try {
      parsed = new URL(origin);
    } catch {
      /* reported below */
    }
    if (!parsed || !['http:', 'https:'].includes(parsed.protocol) || parsed.origin !== origin) {
      throw new ConfigError('CORS_ORIGINS', `must be a comma list of origins like https://app.example.com, or * (got "${origin}")`);
    }
  }
  return origins;
}

/** Only for local development and tests; refused when NODE_ENV=production. */
export const DEVELOPMENT_WEBHOOK_SECRET_KEY = 'development-webhook-key-not-for-production';

function parseWebhooks(env: Env, nodeEnv: AppConfig['nodeEnv']): AppConfig['webhooks'] {
  const key = optional(env, 'WEBHOOK_SECRET_KEY');
  const allow = optional(env, 'WEBHOOK_ALLOW_PRIVATE_URLS') ?? 'false';
  if (allow !== 'true' && allow !== 'false') throw new ConfigError('WEBHOOK_ALLOW_PRIVATE_URLS', `must be true or false (got "${allow}")`);
  const refusePrivateUrls = nodeEnv === 'production' && allow !== 'true';
  if (nodeEnv !== 'production') return { secretKey: key ?? DEVELOPMENT_WEBHOOK_SECRET_KEY, refusePrivateUrls };
  if (key !== null && (key === DEVELOPMENT_WEBHOOK_SECRET_KEY || key.length < 32)) {
    throw new ConfigError('WEBHOOK_SECRET_KEY', 'must be at least 32 characters and not the development default in production');
  }
  // Unset in production: the service runs, but webhook endpoints cannot be created or signed for.
  return { secretKey: key, refusePrivateUrls };
}

export function parseAppConfig(env: Env): AppConfig {
  const nodeEnv = parseNodeEnv(env);
  return {
    nodeEnv,
    port: parsePort(env),
    host: optional(env, 'HOST') ?? '127.0.0.1',
    dataDir: optional(env, 'DATA_DIR') ?? './data',
    eventStoreUrl: parseUrl(env, 'EVENTSTORE_URL', ['esdb', 'esdb+discover']),
    mongodbUrl: parseUrl(env, 'MONGODB_URL', ['mongodb', 'mongodb+srv']),
    auth: parseAuth(env, nodeEnv),
    testClock: parseTestClock(env, nodeEnv),
    rateLimitPerMinute: parseRateLimit(env, nodeEnv),
    corsOrigins: parseCorsOrigins(env),
    webhooks: parseWebhooks(env, nodeEnv),
  };
}

export const APP_CONFIG = Symbol('AppConfig');
