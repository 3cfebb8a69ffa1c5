import { parseCents } from '../shared/money';
import { Segment, SEGMENTS } from './segment';
import { BILLING_FREQUENCIES, BILLING_TYPES, CATEGORIES, CYCLE_FREQUENCIES, CycleFrequency, isAllowedTermOption, Offer, Program, PROGRAMS, PUBLISHERS, PurchaseOption, TERM_DURATIONS, TermDuration } from './offer';

export interface FieldError {
  field: string;
  message: string;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

const ID = /^[a-z0-9][a-z0-9-]{1,63}$/;
const COUNTRY = /^[A-Z]{2}$/;

/** R5: validates one offer of a catalog file (prices as decimal strings, "12.50"). */
export function parseOffer(input: unknown, path = 'offer'): ParseResult<Offer> {
  const errors: FieldError[] = [];
  const fail = (field: string, message: string) => errors.push({ field: `${path}.${field}`, message });
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, errors: [{ field: path, message: 'must be an object' }] };
  }
  const o = input as Record<string, unknown>;
  const str = (field: string): string => {
    const value = o[field];
    if (typeof value !== 'string' || value.trim() === '') fail(field, 'must be a non-empty string');
    return typeof value === 'string' ? value : '';
  };
  const oneOf = <T extends string>(field: string, allowed: readonly T[]): T => {
    const value = o[field];
    if (!allowed.includes(value as T)) fail(field, `must be one of ${allowed.join(', ')}`);
    return value as T;
  };
  const optionalInt = (field: string, min: number): number | null => {
    const value = o[field] ?? null;
    if (value === null) return null;
    if (!Number.isInteger(value) || (value as number) < min) fail(field, `must be an integer >= ${min} or null`);
    return value as number;
  };
  const bool = (field: string, fallback: boolean): boolean => {
    const value = o[field] ?? fallback;
    if (typeof value !== 'boolean') fail(field, 'must be true or false');
    return value as boolean;
  };

  const id = str('id');
  if (id && !ID.test(id)) fail('id', 'must be lowercase letters, digits and dashes (2-64)');
  const publisher = oneOf('publisher', PUBLISHERS);
  const publisherName = (o.publisherName ?? null) as string | null;
  if (publisher === 'partner' && (typeof publisherName !== 'string' || !publisherName)) fail('publisherName', 'is required for ISV (partner) offers');
  const billingType = oneOf('billingType', BILLING_TYPES);

  const program: Program = o.program === undefined || o.program === null ? 'legacy' : oneOf('program', PROGRAMS);
  const newCommerce = program === 'new-commerce';

  const price = (value: unknown, field: string): number => {
    try {
      const cents = parseCents(String(value));
      if (typeof value !== 'string' || cents < 0) throw new Error();
      return cents;
    } catch {
      fail(field, 'must be a non-negative decimal string such as "12.50"');
      return 0;
    }
  };
  // R25: a new-commerce offer is priced per purchase option; the legacy pair does not apply.
  let unitPriceCents = 0;
  if (!newCommerce) unitPriceCents = price(o.unitPrice, 'unitPrice');
  else {
    if ((o.unitPrice ?? null) !== null) fail('unitPrice', 'new-commerce offers are priced per purchase option: give unitPrice in purchaseOptions');
    if ((o.billingFrequency ?? null) !== null) fail('billingFrequency', 'new-commerce offers are billed per purchase option: give billingFrequency in purchaseOptions');
    if (billingType !== 'license') fail('billingType', 'new-commerce offers are license-based');
    // Not built yet: a new-commerce trial (R28's "not in trial") would need its own conversion rules.
    if ((o.trialDays ?? null) !== null) fail('trialDays', 'new-commerce offers with a free trial are not supported yet: remove trialDays');
  }
  const purchaseOptions = parsePurchaseOptions(o.purchaseOptions, newCommerce, fail, price);

  const segments = o.segments;
  if (!Array.isArray(segments) || segments.length === 0 || !segments.every((s) => SEGMENTS.includes(s as Segment))) {
    fail('segments', `must be a non-empty list of ${SEGMENTS.join(', ')}`);
  }
  const countries = o.countries;
  if (countries !== 'all' && (!Array.isArray(countries) || countries.length === 0 || !countries.every((c) => typeof c === 'string' && COUNTRY.test(c)))) {
    fail('countries', 'must be "all" or a non-empty list of ISO 3166-1 alpha-2 codes');
  }
  const exclusiveTo = o.exclusiveTo ?? null;
  if (exclusiveTo !== null && (!Array.isArray(exclusiveTo) || !exclusiveTo.every((p) => typeof p === 'string' && p))) {
    fail('exclusiveTo', 'must be null or a list of partner ids');
  }
  const addOnOfferIds = o.addOnOfferIds ?? [];
  if (!Array.isArray(addOnOfferIds) || !addOnOfferIds.every((a) => typeof a === 'string' && ID.test(a))) {
    fail('addOnOfferIds', 'must be a list of offer ids');
  }
  const provisioningUrl = (o.provisioningUrl ?? null) as string | null;
  if (provisioningUrl !== null && (typeof provisioningUrl !== 'string' || !/^https:\/\/\S+$/.test(provisioningUrl))) {
    fail('provisioningUrl', 'must be an https URL or null');
  }
  const minQuantity = optionalInt('minQuantity', 1);
  const maxQuantity = optionalInt('maxQuantity', 1);
  if (billingType === 'license' && (minQuantity === null || maxQuantity === null)) fail('minQuantity', 'license offers need minQuantity and maxQuantity');
  if (billingType === 'usage' && (minQuantity !== null || maxQuantity !== null)) fail('minQuantity', 'usage offers take no quantity limits');
  if (minQuantity !== null && maxQuantity !== null && minQuantity > maxQuantity) fail('maxQuantity', 'must be >= minQuantity');
  const trialDays = optionalInt('trialDays', 1);

  const offer: Offer = {
    id,
    name: str('name'),
    publisher,
    publisherName: publisher === 'partner' ? publisherName : null,
    billingType,
    category: oneOf('category', CATEGORIES),
    billingFrequency: newCommerce ? 'monthly' : oneOf('billingFrequency', BILLING_FREQUENCIES),
    unitPriceCents,
    segments: segments as Segment[],
    countries: countries as string[] | 'all',
    onePerCustomer: bool('onePerCustomer', false),
    exclusiveTo: exclusiveTo as string[] | null,
    transactable: bool('transactable', true),
    trialDays,
    minQuantity,
    maxQuantity,
    addOnOfferIds: addOnOfferIds as string[],
    provisioningUrl,
    // Legacy offers carry neither key, exactly as before R25 (re-imports stay unchanged).
    ...(newCommerce ? { program, purchaseOptions } : {}),
  };
  const known = new Set(['id', 'name', 'publisher', 'publisherName', 'billingType', 'category', 'billingFrequency', 'unitPrice', 'segments', 'countries', 'onePerCustomer', 'exclusiveTo', 'transactable', 'trialDays', 'minQuantity', 'maxQuantity', 'addOnOfferIds', 'provisioningUrl', 'program', 'purchaseOptions']);
  for (const key of Object.keys(o)) if (!known.has(key)) fail(key, 'is not a known offer field');
  return errors.length ? { ok: false, errors } : { ok: true, value: offer };
}

/**
 * R25: `purchaseOptions` of a catalog file: for a new-commerce offer a non-empty list of
 * `{ termDuration, billingFrequency, unitPrice }`, each one of the six allowed pairs, no pair
 * twice; a legacy offer lists none (absent or `[]`).
 */
function parsePurchaseOptions(
  input: unknown,
  newCommerce: boolean,
  fail: (field: string, message: string) => void,
  price: (value: unknown, field: string) => number,
): PurchaseOption[] {
  if (!newCommerce) {
    if (input !== undefined && input !== null && !(Array.isArray(input) && input.length === 0)) fail('purchaseOptions', 'only new-commerce offers list purchase options (set program to "new-commerce")');
    return [];
  }
  if (!Array.isArray(input) || input.length === 0) {
    fail('purchaseOptions', 'a new-commerce offer needs a non-empty list of { termDuration, billingFrequency, unitPrice }');
    return [];
  }
  const options: PurchaseOption[] = [];
  input.forEach((raw, i) => {
    const field = `purchaseOptions[${i}]`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      fail(field, 'must be an object { termDuration, billingFrequency, unitPrice }');
      return;
    }
    const item = raw as Record<string, unknown>;
    const termDuration = item.termDuration as TermDuration;
    const billingFrequency = item.billingFrequency as CycleFrequency;
    if (!TERM_DURATIONS.includes(termDuration)) fail(`${field}.termDuration`, `must be one of ${TERM_DURATIONS.join(', ')}`);
    if (!CYCLE_FREQUENCIES.includes(billingFrequency)) fail(`${field}.billingFrequency`, `must be one of ${CYCLE_FREQUENCIES.join(', ')}`);
    else if (TERM_DURATIONS.includes(termDuration) && !isAllowedTermOption(termDuration, billingFrequency)) {
      fail(field, `${termDuration} cannot be billed ${billingFrequency} (P1M: monthly; P1Y: monthly or annual; P3Y: monthly, annual or triennial)`);
    }
    const unitPriceCents = price(item.unitPrice, `${field}.unitPrice`);
    for (const key of Object.keys(item)) if (!['termDuration', 'billingFrequency', 'unitPrice'].includes(key)) fail(`${field}.${key}`, 'is not a known purchase option field');
    if (options.some((o) => o.termDuration === termDuration && o.billingFrequency === billingFrequency)) fail(field, `${termDuration} billed ${billingFrequency} is listed twice`);
    options.push({ termDuration, billingFrequency, unitPriceCents });
  });
  return options;
}

/** A whole catalog file: `{ "version": "...", "offers": [...] }`; ids unique, add-ons exist. */
export function parseCatalog(input: unknown): ParseResult<{ version: string; offers: Offer[] }> {
  if (typeof input !== 'object' || input === null || !Array.isArray((input as { offers?: unknown }).offers)) {
    return { ok: false, errors: [{ field: 'offers', message: 'a catalog file is { "version": "...", "offers": [ ... ] }' }] };
  }
  const { version, offers: raw } = input as { version?: unknown; offers: unknown[] };
  const errors: FieldError[] = [];
  if (typeof version !== 'string' || !version) errors.push({ field: 'version', message: 'must be a non-empty string' });
  const offers: Offer[] = [];
  raw.forEach((item, i) => {
    const parsed = parseOffer(item, `offers[${i}]`);
    if (parsed.ok) offers.push(parsed.value);
    else errors.push(...parsed.errors);
  });
  const ids = new Set<string>();
  for (const offer of offers) {
    if (ids.has(offer.id)) errors.push({ field: `offers.${offer.id}`, message: 'duplicate offer id' });
    ids.add(offer.id);
  }
  for (const offer of offers) {
    for (const addOn of offer.addOnOfferIds) {
      if (!raw.some((o) => (o as { id?: unknown })?.id === addOn)) errors.push({ field: `offers.${offer.id}.addOnOfferIds`, message: `unknown add-on offer ${addOn}` });
    }
  }
  return errors.length ? { ok: false, errors } : { ok: true, value: { version: version as string, offers } };
}
