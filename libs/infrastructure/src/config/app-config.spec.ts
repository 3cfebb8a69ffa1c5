import { ConfigError, DEVELOPMENT_JWT_SECRET, DEVELOPMENT_WEBHOOK_SECRET_KEY, parseAppConfig } from './app-config';

function failure(env: Record<string, string>): string {
  try {
    parseAppConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  it('defaults to the embedded stores on 127.0.0.1:3000 with the development secret', () => {
    expect(parseAppConfig({})).toEqual({
      nodeEnv: 'development',
      port: 3000,
      host: '127.0.0.1',
      dataDir: './data',
      eventStoreUrl: null,
      mongodbUrl: null,
      auth: { jwtSecret: DEVELOPMENT_JWT_SECRET, jwksUrl: null },
      testClock: false,
      rateLimitPerMinute: 600,
      corsOrigins: [],
      webhooks: { secretKey: DEVELOPMENT_WEBHOOK_SECRET_KEY, refusePrivateUrls: false },
    });
  });

  it('R22: production refuses private webhook targets unless WEBHOOK_ALLOW_PRIVATE_URLS=true', () => {
    const production = { NODE_ENV: 'production', AUTH_JWT_SECRET: 'x'.repeat(40), WEBHOOK_SECRET_KEY: 'k'.repeat(40) };
    expect(parseAppConfig(production).webhooks).toEqual({ secretKey: 'k'.repeat(40), refusePrivateUrls: true });
    expect(parseAppConfig({ ...production, WEBHOOK_ALLOW_PRIVATE_URLS: 'true' }).webhooks.refusePrivateUrls).toBe(false);
    expect(parseAppConfig({ WEBHOOK_ALLOW_PRIVATE_URLS: 'false' }).webhooks.refusePrivateUrls).toBe(false);
    // No key in production: the development key is never used; webhooks stay unavailable.
    expect(parseAppConfig({ NODE_ENV: 'production', AUTH_JWT_SECRET: 'x'.repeat(40) }).webhooks.secretKey).toBeNull();
  });

  it('reads every documented variable', () => {
    const config = parseAppConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      DATA_DIR: '/var/ledger',
      EVENTSTORE_URL: 'esdb://localhost:2113?tls=false',
      MONGODB_URL: 'mongodb://localhost:27017/ledger',
      AUTH_JWT_SECRET: 's3cret',
      TEST_CLOCK: 'enabled',
    });
    expect(config).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      dataDir: '/var/ledger',
      eventStoreUrl: 'esdb://localhost:2113?tls=false',
      mongodbUrl: 'mongodb://localhost:27017/ledger',
      auth: { jwtSecret: 's3cret' },
      testClock: true,
    });
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV'],
    [{ EVENTSTORE_URL: 'http://localhost:2113' }, 'EVENTSTORE_URL'],
    [{ MONGODB_URL: 'not a url' }, 'MONGODB_URL'],
    [{ TEST_CLOCK: 'yes' }, 'TEST_CLOCK'],
    [{ NODE_ENV: 'production', AUTH_JWT_SECRET: 'x'.repeat(40), TEST_CLOCK: 'enabled' }, 'TEST_CLOCK'],
    [{ NODE_ENV: 'production' }, 'AUTH_JWKS_URL'],
    [{ NODE_ENV: 'production', AUTH_JWT_SECRET: DEVELOPMENT_JWT_SECRET }, 'AUTH_JWT_SECRET'],
    [{ RATE_LIMIT_PER_MINUTE: 'lots' }, 'RATE_LIMIT_PER_MINUTE'],
    [{ RATE_LIMIT_PER_MINUTE: '-5' }, 'RATE_LIMIT_PER_MINUTE'],
    [{ CORS_ORIGINS: 'app.example.com' }, 'CORS_ORIGINS'],
    [{ CORS_ORIGINS: 'https://app.example.com/path' }, 'CORS_ORIGINS'],
    [{ NODE_ENV: 'production', AUTH_JWT_SECRET: 'x'.repeat(40), WEBHOOK_SECRET_KEY: 'short' }, 'WEBHOOK_SECRET_KEY'],
    [{ WEBHOOK_ALLOW_PRIVATE_URLS: 'yes' }, 'WEBHOOK_ALLOW_PRIVATE_URLS'],
  ])('refuses %j with one line naming %s', (env, setting) => {
    const message = failure(env);
    expect(message).toContain(setting);
    expect(message).not.toContain('\n');
  });

  it('rate limit: 600 a minute by default, off under NODE_ENV=test unless set, 0 turns it off', () => {
    expect(parseAppConfig({ NODE_ENV: 'production', AUTH_JWT_SECRET: 'x'.repeat(40) }).rateLimitPerMinute).toBe(600);
    expect(parseAppConfig({ NODE_ENV: 'test' }).rateLimitPerMinute).toBeNull();
    expect(parseAppConfig({ NODE_ENV: 'test', RATE_LIMIT_PER_MINUTE: '5' }).rateLimitPerMinute).toBe(5);
    expect(parseAppConfig({ RATE_LIMIT_PER_MINUTE: '0' }).rateLimitPerMinute).toBeNull();
  });

  it('CORS origins: a comma list of origins, unset means none', () => {
    expect(parseAppConfig({}).corsOrigins).toEqual([]);
    expect(parseAppConfig({ CORS_ORIGINS: 'https://app.example.com, http://localhost:5173' }).corsOrigins).toEqual(['https://app.example.com', 'http://localhost:5173']);
  });
});
