import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/client';
import type { components } from '../api/schema';
import { LiveTopic } from '../live/socket';
import { formatTime } from '../format';

type Job = components['schemas']['JobResponse'];

interface LogLine {
  timestamp?: string;
  level?: string;
  message?: string;
}

/** How many lines a job panel keeps: a long rebuild logs its progress every half second. */
const LINE_CAP = 500;

/**
 * A job's live log from /ws/jobs/{job_id}/logs. The socket sends every line from the job's start (so a
 * late watcher misses nothing), then complete or failed, and closes. Its own LiveTopic, not the shared
 * one: it must stop when the job ends instead of reconnecting, and its sequences are the job's own.
 */
export function JobLog({ jobId, title, onDone }: { jobId: string; title: string; onDone?: (job: Job | null) => void }) {
  const [lines, setLines] = useState<LogLine[]>([]);
  const [job, setJob] = useState<Job | null>(null);
  const [outcome, setOutcome] = useState<'running' | 'completed' | 'failed'>('running');
  const [finalMessage, setFinalMessage] = useState('');

  useEffect(() => {
    setLines([]);
    setOutcome('running');
    setJob(null);
    const load = () =>
      api.GET('/api/jobs/{job_id}', { params: { path: { job_id: jobId } } }).then(({ data }) => {
        if (data) setJob(data);
        return data ?? null;
      });
    void load();
    const socket = new LiveTopic(`/ws/jobs/${encodeURIComponent(jobId)}/logs`);
    const off = socket.on((m) => {
      const data = (m.data ?? {}) as { message?: string; error?: string };
      if (m.type === 'log') {
        setLines((l) => [...l, m.data as LogLine].slice(-LINE_CAP));
      } else if (m.type === 'complete' || m.type === 'failed') {
        socket.close();
        setOutcome(m.type === 'complete' ? 'completed' : 'failed');
        setFinalMessage(data.message ?? data.error ?? '');
        void load().then((j) => onDone?.(j));
      }
    });
    return () => {
      off();
      socket.close();
    };
  }, [jobId]);

  const status = outcome === 'running' ? (job?.status === 'queued' ? 'queued' : 'running') : outcome;
  const progress = outcome === 'completed' ? 100 : (job?.progress ?? 0);
  return (
    <section class="job tile" aria-label={`Job: ${title}`} data-testid="job" data-job-id={jobId} data-status={status}>
      <h3>{title}</h3>
      <p role="status" data-testid="job-status">
        <span class={`job-state job-${status}`}>{status}</span>
        {finalMessage ? ` · ${finalMessage}` : ''}
      </p>
      <label>
        Progress
        <progress max={100} value={progress}>
          {progress}%
        </progress>
      </label>
      <div class="job-log" role="log" aria-live="polite" aria-label={`Log of ${title}`} data-testid="job-log" tabIndex={0}>
        <ol>
          {lines.map((l, i) => (
            <li key={i} data-testid="job-log-line">
              <time dateTime={l.timestamp}>{formatTime(l.timestamp)}</time> <span class={`level level-${l.level}`}>{l.level}</span> {l.message}
            </li>
          ))}
          {lines.length === 0 ? <li class="muted">Waiting for the first line…</li> : null}
        </ol>
      </div>
      {job?.result && outcome !== 'running' ? (
        <details>
          <summary>Result</summary>
          <pre class="job-result">{JSON.stringify(job.result, null, 2)}</pre>
        </details>
      ) : null}
      {job?.error ? <p class="error">{job.error}</p> : null}
    </section>
  );
}
