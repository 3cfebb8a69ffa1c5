import createClient, { Middleware } from 'openapi-fetch';
import type { components, paths } from '../../../../libs/api-client/src';

export type Schemas = components['schemas'];
export type LedgerClient = ReturnType<typeof createClient<paths>>;
export type Problem = Schemas['Problem'];

/** A refused call: its status and problem+json body (API.md "Errors"). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Partial<Problem>,
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
  }
}

/**
 * Read-your-writes (API.md "Consistency"): every command answer carries `position`; the
 * latest one seen is sent as `?consistentWith=` on every later GET, so a screen read after
 * a command shows it.
 */
function consistency(): Middleware {
  let latest: string | null = null;
  return {
    onRequest({ request }) {
      if (request.method !== 'GET' || !latest) return undefined;
      const url = new URL(request.url);
      if (url.searchParams.has('consistentWith')) return undefined;
      url.searchParams.set('consistentWith', latest);
      return new Request(url, request);
    },
    async onResponse({ request, response }) {
      if (request.method === 'GET' || !response.ok || !response.headers.get('content-type')?.includes('json')) return undefined;
      const body: unknown = await response.clone().json().catch(() => null);
      const position = (body as { position?: unknown } | null)?.position;
      // Positions are opaque: the console issues one command at a time, so the last answer is the latest.
      if (typeof position === 'string') latest = position;
      return undefined;
    },
  };
}

/** `onUnauthenticated`: the token expired or was refused (401): the console signs out rather than failing screen after screen. */
export function ledgerClient(token: string, onUnauthenticated?: () => void): LedgerClient {
  const client = createClient<paths>({ baseUrl: window.location.origin, headers: { authorization: `Bearer ${token}` } });
  client.use(consistency());
  if (onUnauthenticated) {
    client.use({
      onResponse({ response }) {
        if (response.status === 401) onUnauthenticated();
        return undefined;
      },
    });
  }
  return client;
}

/** The answer's data, or an ApiError with the problem it carried. */
export async function answer<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw new ApiError(response.status, (error ?? {}) as Partial<Problem>);
  return data as T;
}

/** A new Idempotency-Key (R10): kept by the caller until the purchase answers, so a retry repeats it. */
export const newIdempotencyKey = (): string => crypto.randomUUID();
