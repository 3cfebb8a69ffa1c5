import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { offer } from '../testing/builders';
import { lineRefusals, offerEligibility, LineCheck } from './eligibility';
import { parseCatalog, parseOffer } from './parse-offer';
import { snapshotOf } from './offer';

const demo = JSON.parse(readFileSync(join(__dirname, '../../../infrastructure/src/catalog/demo-catalog.json'), 'utf8'));
const buyer = { customerId: 'c-1', partnerId: 'p-1', billingCountry: 'TW', segment: 'commercial' };
const check = (overrides: Partial<LineCheck> = {}): LineCheck => ({
  offer: offer(),
  offerId: 'm365-bp',
  buyer,
  callerPartnerId: 'p-1',
  quantity: 1,
  held: [],
  alreadyInOrder: false,
  ...overrides,
});
const codes = (overrides: Partial<LineCheck>) => lineRefusals(check(overrides)).map((r) => r.code);

describe('R5 the catalog', () => {
  it('R5: the demo catalog parses, has at least 25 offers and covers every combination the rules need', () => {
    const parsed = parseCatalog(demo);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const offers = parsed.value.offers;
    expect(offers.length).toBeGreaterThanOrEqual(25);
    const has = (predicate: (o: (typeof offers)[number]) => boolean) => expect(offers.some(predicate)).toBe(true);
    has((o) => o.publisher === 'microsoft' && o.billingType === 'license' && o.billingFrequency === 'monthly');
    has((o) => o.billingFrequency === 'annual');
    has((o) => o.publisher === 'partner' && o.billingType === 'license' && o.trialDays === 30 && o.provisioningUrl !== null);
    has((o) => o.publisher === 'partner' && o.billingType === 'usage' && !o.transactable);
    has((o) => o.billingType === 'usage' && o.transactable);
    has((o) => o.onePerCustomer);
    has((o) => o.exclusiveTo !== null);
    has((o) => o.countries !== 'all');
    has((o) => !o.segments.includes('commercial'));
    has((o) => o.addOnOfferIds.length > 0);
    for (const category of ['enterprise', 'small-business', 'trial']) has((o) => o.category === category);
  });

  it('R5: an invalid offer is refused with one error per bad field', () => {
    const result = parseOffer({ id: 'X Y', name: '', publisher: 'acme', billingType: 'license', category: 'enterprise', billingFrequency: 'weekly', unitPrice: 12.5, segments: [], countries: ['Taiwan'], minQuantity: 5, maxQuantity: 1, surprise: true });
    expect(result.ok).toBe(false);
    const fields = result.ok ? [] : result.errors.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['offer.id', 'offer.name', 'offer.publisher', 'offer.billingFrequency', 'offer.unitPrice', 'offer.segments', 'offer.countries', 'offer.maxQuantity', 'offer.surprise']));
  });

  it('R5: a catalog with duplicate ids or unknown add-ons is refused', () => {
    const base = demo.offers[0];
    const result = parseCatalog({ version: 'x', offers: [base, base, { ...demo.offers[1], id: 'another-one', addOnOfferIds: ['nope'] }] });
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.errors.map((e) => e.message)).toEqual(expect.arrayContaining(['duplicate offer id', 'unknown add-on offer nope']));
  });
});

describe('R6 eligibility per customer', () => {
  it('R6: says purchasable with no reasons, or each reason code', () => {
    expect(offerEligibility(offer(), buyer, 'p-1', [])).toEqual({ purchasable: true, reasons: [] });
    const refused = offerEligibility(offer({ countries: ['JP'], segments: ['education'] }), buyer, 'p-1', []);
    expect(refused.purchasable).toBe(false);
    expect(refused.reasons.map((r) => r.code)).toEqual(['country-not-supported', 'segment-not-supported']);
  });
});

describe('R8 line refusals, one reason code per rule', () => {
  it('R8a: offer-not-found', () => expect(codes({ offer: null, offerId: 'ghost' })).toEqual(['offer-not-found']));
  it('R8b: customer-not-found (missing, or another partner\'s)', () => {
    expect(codes({ buyer: null })).toEqual(['customer-not-found']);
    expect(codes({ callerPartnerId: 'p-2' })).toEqual(['customer-not-found']);
  });
  it('R8c: one-per-customer when a live one exists or the order has it twice; released ones do not count', () => {
    const limited = offer({ onePerCustomer: true });
    expect(codes({ offer: limited, held: [{ subscriptionId: 's-1', status: 'active' }] })).toEqual(['one-per-customer']);
    expect(codes({ offer: limited, held: [{ subscriptionId: 's-1', status: 'pending' }] })).toEqual(['one-per-customer']);
    expect(codes({ offer: limited, alreadyInOrder: true })).toEqual(['one-per-customer']);
    expect(codes({ offer: limited, held: ['cancelled', 'expired', 'deleted'].map((status, i) => ({ subscriptionId: `s-${i}`, status: status as 'cancelled' })) })).toEqual([]);
  });
  it('R8d: suspended-subscription-exists names the subscription to reactivate', () => {
    const [reason] = lineRefusals(check({ offer: offer({ onePerCustomer: true }), held: [{ subscriptionId: 's-9', status: 'suspended' }] }));
    expect(reason).toEqual({ code: 'suspended-subscription-exists', subscriptionId: 's-9', message: 'suspended subscription s-9 exists: reactivate it instead of buying' });
  });
  it('R8e: country-not-supported', () => expect(codes({ offer: offer({ countries: ['JP', 'KR'] }) })).toEqual(['country-not-supported']));
  it('R8f: segment-not-supported', () => expect(codes({ offer: offer({ segments: ['government'] }) })).toEqual(['segment-not-supported']));
  it('R8g: exclusive-offer unless the caller is one of the partners', () => {
    expect(codes({ offer: offer({ exclusiveTo: ['p-elite'] }) })).toEqual(['exclusive-offer']);
    expect(codes({ offer: offer({ exclusiveTo: ['p-1'] }) })).toEqual([]);
  });
  it('R8h: not-transactable', () => expect(codes({ offer: offer({ transactable: false, billingType: 'usage', minQuantity: null, maxQuantity: null }), quantity: undefined })).toEqual(['not-transactable']));
  it('R8i: invalid-quantity: license needs an integer within min/max; usage takes none', () => {
    const license = offer({ minQuantity: 5, maxQuantity: 10 });
    expect(codes({ offer: license, quantity: 4 })).toEqual(['invalid-quantity']);
    expect(codes({ offer: license, quantity: 11 })).toEqual(['invalid-quantity']);
    expect(codes({ offer: license, quantity: 5.5 })).toEqual(['invalid-quantity']);
    expect(codes({ offer: license, quantity: undefined })).toEqual(['invalid-quantity']);
    expect(codes({ offer: license, quantity: 10 })).toEqual([]);
    const usage = offer({ billingType: 'usage', minQuantity: null, maxQuantity: null });
    expect(codes({ offer: usage, quantity: 1 })).toEqual(['invalid-quantity']);
    expect(codes({ offer: usage, quantity: undefined })).toEqual([]);
  });
});

describe('R11 provisioning URL', () => {
  it('R11: ISV SaaS license offers carry the publisher provisioning URL into the subscription; others do not', () => {
    expect(snapshotOf(offer({ publisher: 'partner', publisherName: 'ISV', provisioningUrl: 'https://isv.example/go' })).provisioningUrl).toBe('https://isv.example/go');
    expect(snapshotOf(offer({ publisher: 'partner', publisherName: 'ISV', billingType: 'usage', provisioningUrl: 'https://isv.example/go' })).provisioningUrl).toBeNull();
  });
});
