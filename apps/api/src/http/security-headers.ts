import { ServerResponse } from 'node:http';
import helmet, { HelmetOptions } from 'helmet';

/** helmet's defaults: its CSP already fits Swagger UI at /docs (same-origin scripts, inline styles, data: images). */
export const HELMET_OPTIONS: HelmetOptions = {};

/**
 * The security headers helmet sets for HELMET_OPTIONS, computed once at start: with these
 * options (no nonces, no directive computed per request) they are the same on every answer.
 * @fastify/helmet built and ran helmet anew for each request, parsing the CSP each time
 * (about 4% of the CPU of a cheap authenticated GET, in a profile under load).
 */
export function securityHeaders(options: HelmetOptions = HELMET_OPTIONS): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader: (name: string) => delete headers[name.toLowerCase()],
    getHeader: (name: string) => headers[name.toLowerCase()],
  } as unknown as ServerResponse;
  let done = false;
  helmet(options)({} as never, recorder, (error?: unknown) => {
    if (error) throw error;
    done = true;
  });
  // A directive computed per request (a nonce) would show here: answer it per request then.
  if (!done) throw new Error('helmet did not set its headers synchronously: they cannot be computed once');
  return Object.freeze(headers);
}

export const SECURITY_HEADERS = securityHeaders();
