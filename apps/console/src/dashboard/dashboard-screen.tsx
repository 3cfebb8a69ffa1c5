import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { answer, Schemas } from '../api/client';
import { useSession } from '../session/session';
import { formatInstant, formatMoney } from '../ui/format';
import { ProblemMessage } from '../ui/problem';
import { useLoad } from '../ui/use-load';

const MONTHS = 12;

/** "YYYY-MM" of the month `back` months before this one (UTC). */
function monthKey(back: number): string {
  const now = new Date();
  const date = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1));
  return date.toISOString().slice(0, 7);
}

/** The partner's figures: the summary (one request) and the monthly analytics of R24 as charts (one request). Money only for roles that may see it. */
export function DashboardScreen() {
  const { client, can } = useSession();
  const summary = useLoad(() => answer(client.GET('/v1/dashboard/summary')), [client]);
  const analytics = useLoad(() => answer(client.GET('/v1/analytics/monthly', { params: { query: { from: monthKey(MONTHS - 1), to: monthKey(0) } } })), [client]);
  const money = can('analytics-money');
  const rows = (analytics.data?.items ?? []).map((item) => ({
    month: item.month,
    purchased: item.purchased,
    cancelled: item.cancelled,
    mrr: Number(item.mrrAtEnd?.amount ?? 0),
    charges: Number(item.charges?.amount ?? 0),
    credits: Number(item.credits?.amount ?? 0),
  }));
  return (
    <>
      <h1>Dashboard</h1>
      <ProblemMessage error={summary.error} />
      {summary.data && <Summary summary={summary.data} />}
      <ProblemMessage error={analytics.error} />
      {analytics.data && (
        <div className="charts">
          <Chart title="Subscriptions purchased and cancelled per month" rows={rows} keys={[['purchased', 'Purchased'], ['cancelled', 'Cancelled']]} kind="bar" />
          {money && <Chart title="Monthly recurring revenue at month end" rows={rows} keys={[['mrr', 'MRR']]} kind="line" />}
          {money && <Chart title="Charges and credits per month" rows={rows} keys={[['charges', 'Charges'], ['credits', 'Credits']]} kind="bar" />}
        </div>
      )}
    </>
  );
}

function Summary({ summary }: { summary: Schemas['DashboardSummary'] }) {
  const figures: [string, string | number][] = [
    ...Object.entries(summary.countsByStatus).map(([status, count]) => [`${status[0].toUpperCase()}${status.slice(1)}`, count] as [string, number]),
    ['Trials ending within 7 days', summary.trialsEndingWithin7Days],
    ['Data deletions within 14 days', summary.pendingDataDeletionWithin14Days],
    ['Scheduled cancellations', summary.scheduledCancellations],
  ];
  if (summary.monthlyRecurringRevenue) figures.push(['Monthly recurring revenue', formatMoney(summary.monthlyRecurringRevenue)]);
  return (
    <section aria-labelledby="summary-heading">
      <h2 id="summary-heading">Summary</h2>
      <dl className="figures">
        {figures.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <p className="muted">As of {formatInstant(summary.asOf)}</p>
    </section>
  );
}

const COLORS = ['#2563eb', '#dc2626'];

type Row = Record<string, number | string>;

/** A chart with its figures as a table beside it (screen readers, copying). */
function Chart({ title, rows, keys, kind }: { title: string; rows: Row[]; keys: [string, string][]; kind: 'bar' | 'line' }) {
  const series = keys.map(([key, label], i) =>
    kind === 'bar' ? <Bar key={key} dataKey={key} name={label} fill={COLORS[i]} isAnimationActive={false} /> : <Line key={key} dataKey={key} name={label} stroke={COLORS[i]} isAnimationActive={false} />,
  );
  const axes = [<CartesianGrid key="grid" strokeDasharray="3 3" />, <XAxis key="x" dataKey="month" />, <YAxis key="y" />, <Tooltip key="tip" />, <Legend key="legend" />];
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <div role="img" aria-label={title} style={{ width: '100%', height: 260 }}>
        <ResponsiveContainer>
          {kind === 'bar' ? (
            <BarChart data={rows}>
              {axes}
              {series}
            </BarChart>
          ) : (
            <LineChart data={rows}>
              {axes}
              {series}
            </LineChart>
          )}
        </ResponsiveContainer>
      </div>
      <details>
        <summary>Figures</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">Month</th>
              {keys.map(([key, label]) => (
                <th key={key} scope="col">
                  {label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={String(row.month)}>
                <th scope="row">{row.month}</th>
                {keys.map(([key]) => (
                  <td key={key}>{row[key]}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
