import { OpenApiDocument, schemaErrors } from './openapi-response-check';

const document: OpenApiDocument = {
  paths: {},
  components: {
    schemas: {
      Money: { type: 'object', required: ['amount', 'currency'], properties: { amount: { type: 'string', pattern: '^[0-9]+\\.[0-9]{2}$' }, currency: { type: 'string' } } },
      Thing: {
        type: 'object',
        required: ['id', 'price', 'at', 'status', 'tags'],
        properties: {
          id: { type: 'string' },
          price: { $ref: '#/components/schemas/Money' },
          at: { type: 'string', format: 'date-time', nullable: true },
          status: { type: 'string', enum: ['active', 'cancelled'] },
          tags: { type: 'array', items: { type: 'string' } },
          count: { type: 'integer' },
          countries: { oneOf: [{ type: 'array', items: { type: 'string' } }, { type: 'string', enum: ['all'] }] },
        },
      },
    },
  },
};
const thing = { $ref: '#/components/schemas/Thing' };
const valid = { id: 't', price: { amount: '1.50', currency: 'USD' }, at: null, status: 'active', tags: ['a'], count: 2, countries: 'all', extra: true };

describe('the OpenAPI response check used by the e2e suite', () => {
  it('accepts a conforming value, extra fields included', () => {
    expect(schemaErrors(document, thing, valid)).toEqual([]);
  });

  it.each([
    ['a missing required field', { ...valid, id: undefined }, '$.id: required'],
    ['a wrong type', { ...valid, count: 1.5 }, '$.count: expected integer, got number'],
    ['null where not nullable', { ...valid, id: null }, '$.id: null is not allowed'],
    ['a value outside the enum', { ...valid, status: 'gone' }, '$.status: "gone" is not one of ["active","cancelled"]'],
    ['a bad nested $ref value', { ...valid, price: { amount: 1.5, currency: 'USD' } }, '$.price.amount: expected string, got number'],
    ['a pattern mismatch', { ...valid, price: { amount: '1.5', currency: 'USD' } }, '$.price.amount: "1.5" does not match ^[0-9]+\\.[0-9]{2}$'],
    ['a bad instant', { ...valid, at: 'yesterday' }, '$.at: "yesterday" is not an ISO 8601 instant'],
    ['a bad array item', { ...valid, tags: ['a', 2] }, '$.tags[1]: expected string, got integer'],
    ['no oneOf option', { ...valid, countries: 'some' }, '$.countries: matches 0 of the oneOf options, not exactly one'],
  ])('rejects %s', (_name, value, error) => {
    const json: unknown = JSON.parse(JSON.stringify(value));
    expect(schemaErrors(document, thing, json)).toEqual([error]);
  });
});
