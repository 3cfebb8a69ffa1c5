import { ActivityChange } from '@ledger/application';

/** What the worker process tells the api process that started it (Node's IPC channel). */
export type WorkerMessage = { type: 'ready'; pid: number } | { type: 'activity'; change: ActivityChange };

export function isWorkerMessage(message: unknown): message is WorkerMessage {
  const type = (message as { type?: unknown } | null)?.type;
  return type === 'ready' || type === 'activity';
}
