import { Position as EsdbPosition } from '@eventstore/db-client';
import { Position } from '@ledger/application';

const WIDTH = 20;

/** commit/prepare, each zero-padded, so that string order is log order. */
export function toPosition(position: EsdbPosition): Position {
  return `${position.commit.toString().padStart(WIDTH, '0')}/${position.prepare.toString().padStart(WIDTH, '0')}`;
}

export function fromPosition(position: Position): EsdbPosition {
  const match = /^(\d{1,20})\/(\d{1,20})$/.exec(position);
  if (!match) throw new RangeError(`not an EventStoreDB log position: ${position}`);
  return { commit: BigInt(match[1]), prepare: BigInt(match[2]) };
}
