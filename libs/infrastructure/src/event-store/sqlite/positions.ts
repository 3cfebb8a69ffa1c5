import { Position } from '@ledger/application';

const WIDTH = 16;

/** Zero-padded so that string order is log order (see the EventStore port). */
export function toPosition(position: number): Position {
  return String(position).padStart(WIDTH, '0');
}

export function fromPosition(position: Position): number {
  if (!/^\d{1,16}$/.test(position)) throw new RangeError(`not a sqlite log position: ${position}`);
  return Number(position);
}
