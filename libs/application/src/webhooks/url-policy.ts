import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';

export class WebhookUrlRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookUrlRefused';
  }
}

export type HostResolver = (hostname: string) => Promise<string[]>;

const resolveAll: HostResolver = async (hostname) => (await lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

/** Only the public internet: everything else (loopback, private, link-local, ...) can reach inside the service's network. */
function isPublic(address: string): boolean {
  const parsed = ipaddr.process(address);
  return parsed.range() === 'unicast';
}

/**
 * R22: http(s) URLs only; with `refusePrivate` (production), every address the host
 * resolves to must be public, so a hostname cannot smuggle in an internal target.
 */
export async function checkWebhookUrl(url: string, refusePrivate: boolean, resolve: HostResolver = resolveAll): Promise<void> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new WebhookUrlRefused('url must be an absolute http(s) URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new WebhookUrlRefused('url must use http or https');
  if (parsed.username || parsed.password) throw new WebhookUrlRefused('url must not carry credentials');
  if (!refusePrivate) return;
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = ipaddr.isValid(host) ? [host] : await resolve(host);
  } catch {
    throw new WebhookUrlRefused(`url host ${host} does not resolve`);
  }
  if (addresses.length === 0) throw new WebhookUrlRefused(`url host ${host} does not resolve`);
  const internal = addresses.find((a) => !isPublic(a));
  if (internal) throw new WebhookUrlRefused(`url host ${host} resolves to ${internal}, a loopback, private or link-local address (set WEBHOOK_ALLOW_PRIVATE_URLS=true to allow)`);
}
