import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { offer } from '../testing/builders';
import { lineRefusals, LineCheck } from './eligibility';
import { findPurchaseOption, Offer, programOf, purchaseOptionsOf } from './offer';
import { parseCatalog, parseOffer } from './parse-offer';

const demo = JSON.parse(readFileSync(join(__dirname, '../../../infrastructure/src/catalog/demo-catalog.json'), 'utf8'));

/** A new-commerce offer as a catalog file gives it: priced per option, no legacy price. */
const fileOffer = (overrides: Record<string, unknown> = {}) => ({
  id: 'm365-e3-nce',
  name: 'Microsoft 365 E3 (new commerce)',
  publisher: 'microsoft',
  billingType: 'license',
  category: 'enterprise',
  program: 'new-commerce',
  purchaseOptions: [
    { termDuration: 'P1M', billingFrequency: 'monthly', unitPrice: '43.20' },
    { termDuration: 'P1Y', billingFrequency: 'monthly', unitPrice: '36.00' },
    { termDuration: 'P1Y', billingFrequency: 'annual', unitPrice: '432.00' },
    { termDuration: 'P3Y', billingFrequency: 'monthly', unitPrice: '36.00' },
    { termDuration: 'P3Y', billingFrequency: 'annual', unitPrice: '432.00' },
    { termDuration: 'P3Y', billingFrequency: 'triennial', unitPrice: '1296.00' },
  ],
  segments: ['commercial'],
  countries: 'all',
  minQuantity: 1,
  maxQuantity: 300,
  ...overrides,
});
const errorsOf = (input: unknown) => {
  const result = parseOffer(input);
  return result.ok ? [] : result.errors;
};

const nce: Offer = offer({
  id: 'e3-nce',
  name: 'E3 (NCE)',
  program: 'new-commerce',
  unitPriceCents: 0,
  purchaseOptions: [
    { termDuration: 'P1Y', billingFrequency: 'monthly', unitPriceCents: 3600 },
    { termDuration: 'P1Y', billingFrequency: 'annual', unitPriceCents: 43200 },
  ],
});
const buyer = { customerId: 'c-1', partnerId: 'p-1', billingCountry: 'TW', segment: 'commercial' };
const check = (overrides: Partial<LineCheck> = {}): LineCheck => ({ offer: nce, offerId: nce.id, buyer, callerPartnerId: 'p-1', quantity: 2, held: [], alreadyInOrder: false, ...overrides });
const codes = (overrides: Partial<LineCheck>) => lineRefusals(check(overrides)).map((r) => r.code);

describe('R25 catalog: program and purchase options', () => {
  it('R25: a new-commerce offer lists its options with a unit price per seat per cycle, in exact cents', () => {
    const parsed = parseOffer(fileOffer());
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    expect(programOf(parsed.value)).toBe('new-commerce');
    expect(purchaseOptionsOf(parsed.value)).toEqual([
      { termDuration: 'P1M', billingFrequency: 'monthly', unitPriceCents: 4320 },
      { termDuration: 'P1Y', billingFrequency: 'monthly', unitPriceCents: 3600 },
      { termDuration: 'P1Y', billingFrequency: 'annual', unitPriceCents: 43200 },
      { termDuration: 'P3Y', billingFrequency: 'monthly', unitPriceCents: 3600 },
      { termDuration: 'P3Y', billingFrequency: 'annual', unitPriceCents: 43200 },
      { termDuration: 'P3Y', billingFrequency: 'triennial', unitPriceCents: 129600 },
    ]);
    expect(findPurchaseOption(parsed.value, { termDuration: 'P3Y', billingFrequency: 'triennial' })?.unitPriceCents).toBe(129600);
  });

  it('R25: the demo catalog holds new-commerce offers that together list all six options, one with add-ons', () => {
    const parsed = parseCatalog(demo);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const nce = parsed.value.offers.filter((o) => programOf(o) === 'new-commerce');
    expect(nce.length).toBeGreaterThanOrEqual(2);
    const listed = new Set(nce.flatMap((o) => purchaseOptionsOf(o).map((p) => `${p.termDuration}/${p.billingFrequency}`)));
    expect([...listed].sort()).toEqual(['P1M/monthly', 'P1Y/annual', 'P1Y/monthly', 'P3Y/annual', 'P3Y/monthly', 'P3Y/triennial']);
    expect(nce.some((o) => o.addOnOfferIds.length > 0)).toBe(true);
  });

  it('R25: legacy offers parse exactly as before (no program or purchaseOptions key, so re-imports publish nothing new)', () => {
    const parsed = parseCatalog(demo);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    for (const o of parsed.value.offers.filter((offer) => !offer.id.endsWith('-nce'))) {
      expect(Object.keys(o)).not.toContain('program');
      expect(Object.keys(o)).not.toContain('purchaseOptions');
      expect(programOf(o)).toBe('legacy');
      expect(purchaseOptionsOf(o)).toEqual([]);
    }
    const explicit = parseOffer({ ...demo.offers[0], program: 'legacy', purchaseOptions: [] });
    const plain = parseOffer(demo.offers[0]);
    expect(JSON.stringify(explicit)).toBe(JSON.stringify(plain));
  });

  it('R25: an offer published before R25 (no program field) reads as legacy with no options', () => {
    expect(programOf(offer())).toBe('legacy');
    expect(findPurchaseOption(offer(), { termDuration: 'P1M', billingFrequency: 'monthly' })).toBeNull();
  });

  it('R25: only the six term x billing pairs exist (P1M annual, P1Y triennial are refused)', () => {
    const errors = errorsOf(fileOffer({ purchaseOptions: [
      { termDuration: 'P1M', billingFrequency: 'annual', unitPrice: '10.00' },
      { termDuration: 'P1Y', billingFrequency: 'triennial', unitPrice: '10.00' },
      { termDuration: 'P2Y', billingFrequency: 'monthly', unitPrice: '10.00' },
      { termDuration: 'P1Y', billingFrequency: 'weekly', unitPrice: '10.00' },
    ] }));
    expect(errors.map((e) => e.field)).toEqual([
      'offer.purchaseOptions[0]',
      'offer.purchaseOptions[1]',
      'offer.purchaseOptions[2].termDuration',
      'offer.purchaseOptions[3].billingFrequency',
    ]);
  });

  it('R25: a new-commerce offer needs options, each priced once, and is license-based without a legacy price', () => {
    expect(errorsOf(fileOffer({ purchaseOptions: [] })).map((e) => e.field)).toEqual(['offer.purchaseOptions']);
    expect(errorsOf(fileOffer({ purchaseOptions: undefined })).map((e) => e.field)).toEqual(['offer.purchaseOptions']);
    const twice = { termDuration: 'P1Y', billingFrequency: 'annual', unitPrice: '1.00' };
    expect(errorsOf(fileOffer({ purchaseOptions: [twice, twice] })).map((e) => e.message)).toEqual(['P1Y billed annual is listed twice']);
    expect(errorsOf(fileOffer({ purchaseOptions: [{ ...twice, unitPrice: 1 }] })).map((e) => e.field)).toEqual(['offer.purchaseOptions[0].unitPrice']);
    expect(errorsOf(fileOffer({ purchaseOptions: [{ ...twice, extra: true }] })).map((e) => e.field)).toEqual(['offer.purchaseOptions[0].extra']);
    expect(errorsOf(fileOffer({ unitPrice: '10.00', billingFrequency: 'monthly' })).map((e) => e.field)).toEqual(['offer.unitPrice', 'offer.billingFrequency']);
    expect(errorsOf(fileOffer({ billingType: 'usage', minQuantity: null, maxQuantity: null })).map((e) => e.field)).toEqual(['offer.billingType']);
    expect(errorsOf(fileOffer({ program: 'modern' })).map((e) => e.field)).toContain('offer.program');
    expect(errorsOf(fileOffer({ trialDays: 30 })).map((e) => e.field)).toEqual(['offer.trialDays']);
  });

  it('R25: a legacy offer lists no purchase options', () => {
    expect(errorsOf({ ...demo.offers[0], purchaseOptions: [{ termDuration: 'P1M', billingFrequency: 'monthly', unitPrice: '1.00' }] }).map((e) => e.field)).toEqual(['offer.purchaseOptions']);
  });

  it('R25: a catalog file may mix both programmes', () => {
    const parsed = parseCatalog({ version: 'v2', offers: [demo.offers[0], fileOffer()] });
    expect(parsed.ok && parsed.value.offers.map(programOf)).toEqual(['legacy', 'new-commerce']);
  });
});

describe('R8j invalid-term: a new-commerce line names a listed option, a legacy line none', () => {
  it('R8j: a listed option is accepted', () => expect(codes({ termDuration: 'P1Y', billingFrequency: 'annual' })).toEqual([]));
  it('R8j: a new-commerce line that names no option is refused invalid-term', () => expect(codes({})).toEqual(['invalid-term']));
  it('R8j: half an option, or an option the offer does not list, is refused invalid-term', () => {
    expect(codes({ termDuration: 'P1Y' })).toEqual(['invalid-term']);
    expect(codes({ termDuration: 'P3Y', billingFrequency: 'monthly' })).toEqual(['invalid-term']);
    expect(codes({ termDuration: 'P1M', billingFrequency: 'annual' })).toEqual(['invalid-term']);
  });
  it('R8j: the refusal says which options exist', () =>
    expect(lineRefusals(check({ termDuration: 'P3Y', billingFrequency: 'monthly' }))[0].message).toBe('E3 (NCE) is not sold as P3Y billed monthly: choose one of P1Y billed monthly, P1Y billed annual'));
  it('R8j: a legacy line that names an option is refused; one that names none is unchanged', () => {
    expect(codes({ offer: offer(), termDuration: 'P1M', billingFrequency: 'monthly' })).toEqual(['invalid-term']);
    expect(codes({ offer: offer() })).toEqual([]);
  });
  it('R8i, R8j: quantity rules still apply to new-commerce lines', () =>
    expect(codes({ quantity: 0, termDuration: 'P1Y', billingFrequency: 'annual' })).toEqual(['invalid-quantity']));
});
