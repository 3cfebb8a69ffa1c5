/** R6's catalog filters, shared by the catalog and the subscription list. */
export interface OfferFilterValues {
  publisher?: 'microsoft' | 'partner';
  billingType?: 'license' | 'usage';
  category?: 'enterprise' | 'small-business' | 'trial';
}

const CHOICES = {
  publisher: [
    ['microsoft', 'Microsoft'],
    ['partner', 'ISV (partner)'],
  ],
  billingType: [
    ['license', 'License-based'],
    ['usage', 'Usage-based'],
  ],
  category: [
    ['enterprise', 'Enterprise'],
    ['small-business', 'Small business'],
    ['trial', 'Trial'],
  ],
} as const;

const LABELS = { publisher: 'Publisher', billingType: 'Billing type', category: 'Category' } as const;

export function OfferFilters({ value, onChange }: { value: OfferFilterValues; onChange: (value: OfferFilterValues) => void }) {
  return (
    <>
      {(Object.keys(CHOICES) as (keyof typeof CHOICES)[]).map((name) => (
        <label key={name}>
          {LABELS[name]}
          <select value={value[name] ?? ''} onChange={(e) => onChange({ ...value, [name]: e.target.value || undefined })}>
            <option value="">All</option>
            {CHOICES[name].map(([v, label]) => (
              <option key={v} value={v}>
                {label}
              </option>
            ))}
          </select>
        </label>
      ))}
    </>
  );
}
