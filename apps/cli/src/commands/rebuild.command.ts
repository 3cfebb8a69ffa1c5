import { parseArgs } from 'node:util';
import { ALL_PROJECTIONS, Projection, rebuildProjection, verifyProjection } from '@ledger/application';
import { countEvents, progressBar } from '../progress';
import { withStores } from '../stores';

function selected(name: string | undefined): Projection[] {
  if (!name) return ALL_PROJECTIONS;
  const projection = ALL_PROJECTIONS.find((p) => p.name === name);
  if (!projection) throw new Error(`no projection "${name}"; projections are ${ALL_PROJECTIONS.map((p) => p.name).join(', ')}`);
  return [projection];
}

/** `rebuild [--projection <name>]`: replay into fresh collections, with a progress bar, then swap. */
export async function rebuildCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { projection: { type: 'string' } } });
  const projections = selected(values.projection);
  return withStores(async (stores) => {
    const total = await countEvents(stores.eventStore.readAll({ batchSize: 5000 }));
    for (const projection of projections) {
      const bar = progressBar(projection.name.padEnd(14), total);
      const checkpoint = await rebuildProjection(stores, projection, ({ processed }) => bar.update(processed));
      bar.stop();
      console.log(`${projection.name}: rebuilt up to ${checkpoint ?? 'the empty log'}`);
    }
    return 0;
  });
}

/** `verify`: rebuild every read model aside and report any difference from the live one. */
export async function verifyCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { projection: { type: 'string' } } });
  const projections = selected(values.projection);
  return withStores(async (stores) => {
    const total = await countEvents(stores.eventStore.readAll({ batchSize: 5000 }));
    let failures = 0;
    for (const projection of projections) {
      const bar = progressBar(projection.name.padEnd(14), total);
      const report = await verifyProjection(stores, projection, ({ processed }) => bar.update(processed));
      bar.stop();
      const problems = report.missing.length + report.extra.length + report.different.length;
      failures += problems;
      console.log(
        problems === 0
          ? `${projection.name}: OK (${report.checked} documents identical)`
          : `${projection.name}: ${problems} difference(s): missing ${JSON.stringify(report.missing)}, extra ${JSON.stringify(report.extra)}, different ${JSON.stringify(report.different)}`,
      );
    }
    return failures === 0 ? 0 : 1;
  });
}
