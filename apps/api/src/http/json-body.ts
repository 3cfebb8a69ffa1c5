import { FastifyInstance } from 'fastify';
import { ValidationFailed } from './validation';

/** API.md "Errors": a body nested deeper than this is a 400 before it is parsed or validated. */
export const MAX_BODY_DEPTH = 32;

/**
 * How deeply objects and arrays nest in a JSON text, counted in one pass without recursion,
 * so thousands of `[` cannot overflow a stack here or in the validation pipe later.
 * Stops counting as soon as `limit` is exceeded.
 */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === 0x5c /* \ */) i++;
      else if (char === 0x22 /* " */) inString = false;
    } else if (char === 0x22) {
      inString = true;
    } else if (char === 0x7b /* { */ || char === 0x5b /* [ */) {
      if (++depth > limit) return true;
    } else if (char === 0x7d /* } */ || char === 0x5d /* ] */) {
      depth--;
    }
  }
  return false;
}

/**
 * The only body type the API takes is `application/json` (anything else with a body is a 415,
 * Fastify's own refusal). An empty JSON body is no body (cancel and reactivate take none);
 * parsing itself is Fastify's (prototype-poisoning keys refused).
 */
export function registerJsonBodyParser(fastify: FastifyInstance): void {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    if (jsonDepthExceeds(text, MAX_BODY_DEPTH)) {
      return done(new ValidationFailed([{ field: 'body', message: `must not nest objects or arrays deeper than ${MAX_BODY_DEPTH} levels` }]), undefined);
    }
    parseJson(request, text, done);
  });
}
