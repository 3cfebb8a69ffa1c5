import { CollectionSchema, Filter, Scalar } from '@ledger/application';
import { parseFilter, PageOrder } from '../shared/query-validation';

/** A checked column name as SQL (schema columns are stored as `f_<name>`). */
export function columnSql(field: string): string {
  return field === 'id' ? 'id' : `"f_${field}"`;
}

/** Our filter as SQL over real columns, every value a bound parameter. */
export function whereClause(schema: CollectionSchema, filter: Filter): { sql: string[]; params: unknown[] } {
  const sql: string[] = [];
  const params: unknown[] = [];
  for (const { field, conditions } of parseFilter(schema, filter)) {
    const column = columnSql(field);
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

/**
 * Rows strictly after the cursor, as the index ranges that hold them in page order, read one
 * after the other until the page is full; each is one row-value comparison or one IS [NOT]
 * NULL, which SQLite answers as an index range (an OR of them would scan). SQLite orders nulls
 * first ascending and last descending, and a comparison with null is never true: after a
 * null row come the later nulls (then, ascending, every value); after a value, descending,
 * the smaller values, then the nulls. No cursor: the whole filter, one range.
 */
export function afterCursor(order: PageOrder, values: Scalar[] | null): Array<{ sql: string[]; params: unknown[] }> {
  if (values === null) return [{ sql: [], params: [] }];
  const asc = order.direction === 'asc';
  const operator = asc ? '>' : '<';
  if (!order.column) return [{ sql: [`id ${operator} ?`], params: values }];
  const column = columnSql(order.column);
  const [x, y] = values;
  if (x === null) {
    const laterNulls = { sql: [`${column} IS NULL`, `id ${operator} ?`], params: [y] };
    return asc ? [laterNulls, { sql: [`${column} IS NOT NULL`], params: [] }] : [laterNulls];
  }
  const range = { sql: [`(${column}, id) ${operator} (?, ?)`], params: values };
  return asc ? [range] : [range, { sql: [`${column} IS NULL`], params: [] }];
}

export function orderBy(order: PageOrder): string {
  const direction = order.direction === 'asc' ? 'ASC' : 'DESC';
  return order.column ? `${columnSql(order.column)} ${direction}, id ${direction}` : `id ${direction}`;
}

export function bindable(value: Scalar): string | number | null {
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}
