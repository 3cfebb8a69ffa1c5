import { Document } from 'mongodb';
import { Filter, Scalar, SortKey } from '@ledger/application';
import { parseFilter } from '../shared/query-validation';

const mongoField = (field: string): string => (field === 'id' ? '_id' : field);

/**
 * Our filter, rebuilt key by key from checked parts: client input can never smuggle an
 * operator ($where, $expr, ...) into the query, because only scalars reach it as values.
 */
export function mongoFilter(filter: Filter): Document {
  const query: Document = {};
  const and: Document[] = [];
  for (const { field, conditions } of parseFilter(filter)) {
    for (const condition of conditions) {
      const key = mongoField(field);
      switch (condition.op) {
        case 'eq':
          and.push({ [key]: { $eq: condition.value } });
          break;
        case 'ne':
          and.push({ [key]: { $ne: condition.value } });
          break;
        case 'in':
          and.push({ [key]: { $in: condition.values } });
          break;
        default:
          and.push({ [key]: { [condition.op]: condition.value } });
      }
    }
  }
  if (and.length) query.$and = and;
  return query;
}

export function keysetFilter(sort: SortKey[], values: Scalar[]): Document {
  return {
    $or: sort.map((key, i) => {
      const clause: Document = {};
      for (let j = 0; j < i; j++) clause[mongoField(sort[j].field)] = { $eq: values[j] };
      clause[mongoField(key.field)] = { [key.direction === 'asc' ? '$gt' : '$lt']: values[i] };
      return clause;
    }),
  };
}
