import { Filter } from '@ledger/application';
import { Scalar } from '@ledger/application';
import { checkField, parseFilter } from '../shared/query-validation';

/** Our filter as SQL over json_extract, every value a bound parameter. */
export function whereClause(filter: Filter): { sql: string[]; params: unknown[] } {
  const sql: string[] = [];
  const params: unknown[] = [];
  for (const { field, conditions } of parseFilter(filter)) {
    const column = sortExpression(field);
    for (const condition of conditions) {
      switch (condition.op) {
        case 'eq':
          if (condition.value === null) sql.push(`${column} IS NULL`);
          else {
            sql.push(`${column} = ?`);
            params.push(bindable(condition.value));
          }
          break;
        case 'ne':
          if (condition.value === null) sql.push(`${column} IS NOT NULL`);
          else {
            sql.push(`(${column} IS NULL OR ${column} != ?)`);
            params.push(bindable(condition.value));
          }
          break;
        case 'in': {
          const nonNull = condition.values.filter((v) => v !== null);
          const parts = nonNull.length ? [`${column} IN (${nonNull.map(() => '?').join(', ')})`] : [];
          params.push(...nonNull.map(bindable));
          if (condition.values.includes(null)) parts.push(`${column} IS NULL`);
          sql.push(parts.length ? `(${parts.join(' OR ')})` : '0');
          break;
        }
        default: {
          const operator = { $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' }[condition.op];
          sql.push(`${column} ${operator} ?`);
          params.push(condition.value);
        }
      }
    }
  }
  return { sql, params };
}

export function sortExpression(field: string): string {
  return field === 'id' ? 'id' : `json_extract(doc, '$.${checkField(field)}')`;
}

export function bindable(value: Scalar): string | number | null {
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}
