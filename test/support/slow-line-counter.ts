/**
 * A deliberately slow pipe reader for the CLI export test: pauses after every chunk (longer
 * once `slowAfter` lines have arrived, so the writer finishes while its tail is still queued),
 * then prints `{ lines, lastLineIsJson, endsWithNewline }` for the NDJSON it read on stdin.
 * Run with `node --import tsx test/support/slow-line-counter.ts <pause ms> [<slow after lines> <slow pause ms>]`.
 */
const pauseMs = Number(process.argv[2] ?? '5');
const slowAfter = Number(process.argv[3] ?? Infinity);
const slowPauseMs = Number(process.argv[4] ?? pauseMs);
let lines = 0;
let lastLine = '';
let partial = '';

process.stdin.on('data', (chunk: Buffer) => {
  const parts = (partial + chunk.toString('utf8')).split('\n');
  partial = parts.pop() ?? '';
  lines += parts.length;
  if (parts.length > 0) lastLine = parts[parts.length - 1];
  process.stdin.pause();
  setTimeout(() => process.stdin.resume(), lines >= slowAfter ? slowPauseMs : pauseMs);
});

process.stdin.on('end', () => {
  let lastLineIsJson = false;
  try {
    JSON.parse(lastLine);
    lastLineIsJson = true;
  } catch {
    /* reported as false */
  }
  process.stdout.write(`${JSON.stringify({ lines, lastLineIsJson, endsWithNewline: partial === '' })}\n`);
});
