import { useStats, type Stats } from '@video-jobs/react';
import { Sparkline } from '../components/Sparkline';
import { StageDurations } from '../components/StageDurations';
import { label } from '../format';

const STATUSES = ['PENDING', 'PROCESSING', 'COMPLETED', 'FAILED', 'CANCELLED'];

interface Series {
  name: string;
  value: (stats: Stats) => number;
}

const SERIES: Series[] = [
  { name: 'Connections', value: (s) => s.connections ?? 0 },
  { name: 'Subscriptions', value: (s) => s.subscriptions ?? 0 },
  { name: 'Messages per second', value: (s) => s.messages_sent_per_second ?? 0 },
  ...STATUSES.map((status) => ({ name: `${label(status)} jobs`, value: (s: Stats) => s.jobs_by_status?.[status] ?? 0 })),
];

/** For admins: stage durations over the last hour, and the STATS_UPDATE feed (live figures and a short history per instance). */
export function OperatorPage() {
  const { history } = useStats(60);
  const instances = new Map<string, Stats[]>();
  for (const stats of history) {
    const id = stats.instance_id ?? 'unknown';
    instances.set(id, [...(instances.get(id) ?? []), stats]);
  }
  return (
    <main>
      <h1>Operator</h1>
      <StageDurations />
      {instances.size === 0 && <p role="status">Waiting for the first STATS_UPDATE…</p>}
      {[...instances].map(([instance, samples]) => {
        const latest = samples[samples.length - 1];
        return (
          <section key={instance} aria-label={`Instance ${instance}`} className="instance" data-instance={instance}>
            <h2>Instance {instance}</h2>
            <p className="hint">
              Updated <time dateTime={new Date(latest.received_at).toISOString()}>{new Date(latest.received_at).toLocaleTimeString()}</time>
              {' · '}job listener {latest.listener_connected === false ? 'disconnected' : 'connected'}
              {' · '}slow consumers closed {latest.slow_consumers_closed ?? 0}
            </p>
            <dl className="figures">
              {SERIES.map((series) => (
                <div key={series.name} className="figure" data-figure={series.name}>
                  <dt>{series.name}</dt>
                  <dd><span className="figure-value">{series.value(latest)}</span>
                    <Sparkline values={samples.map(series.value)} label={series.name} /></dd>
                </div>
              ))}
            </dl>
          </section>
        );
      })}
    </main>
  );
}
