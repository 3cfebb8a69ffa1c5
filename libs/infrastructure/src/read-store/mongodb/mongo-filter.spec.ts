import { Filter, InvalidQueryError } from '@ledger/application';
import { keysetFilter, mongoFilter } from './mongo-filter';

describe('MongoDB filter translation (no server needed)', () => {
  it('rebuilds every condition with explicit operators and maps id to _id', () => {
    expect(mongoFilter({ partnerId: 'p1', id: 'x', status: { $in: ['active', 'suspended'] }, cancelAt: { $ne: null }, n: { $gte: 2, $lt: 4 }, 'offer.publisher': 'partner' })).toEqual({
      $and: [
        { partnerId: { $eq: 'p1' } },
        { _id: { $eq: 'x' } },
        { status: { $in: ['active', 'suspended'] } },
        { cancelAt: { $ne: null } },
        { n: { $gte: 2 } },
        { n: { $lt: 4 } },
        { 'offer.publisher': { $eq: 'partner' } },
      ],
    });
    expect(mongoFilter({})).toEqual({});
  });

  it('never lets client input become an operator', () => {
    const refused = (filter: unknown) => expect(() => mongoFilter(filter as Filter)).toThrow(InvalidQueryError);
    refused({ $where: 'sleep(1000)' });
    refused({ status: { $regex: '.*' } });
    refused({ status: { $ne: { $gt: '' } } });
    refused({ status: { $in: [{ $gt: '' }] } });
    refused({ status: { $gt: { $gt: '' } } });
    refused({ 'a.$b': 1 });
    refused({ status: {} });
  });

  it('builds keyset pagination after the last item, in the sort direction', () => {
    expect(keysetFilter([{ field: 'createdAt', direction: 'desc' }, { field: 'id', direction: 'desc' }], ['2026-01-03', 'e'])).toEqual({
      $or: [{ createdAt: { $lt: '2026-01-03' } }, { createdAt: { $eq: '2026-01-03' }, _id: { $lt: 'e' } }],
    });
  });
});
