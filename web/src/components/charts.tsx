import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';

/**
 * Small charts in plain SVG. Each is a <figure>: a caption, the picture (role="img" named by the caption
 * and described by a one-line summary), and the same figures as a table for screen readers and for
 * anyone who wants the numbers. Colour is never the only signal: the legend names every series and the
 * table carries every value.
 */

export interface Series {
  name: string;
  /** One value per label; null where there is none (a gap in a line). */
  values: (number | null)[];
  /** A CSS class that sets the series' colour (see the charts section of styles.css). */
  tone: string;
}

const W = 640;
const H = 220;
const PAD = { left: 40, right: 12, top: 12, bottom: 28 };
const PLOT_W = W - PAD.left - PAD.right;
const PLOT_H = H - PAD.top - PAD.bottom;

/** A rounded-up axis top whose quarters (the gridlines) are whole, readable numbers; at least 4, for counts. */
function niceMax(max: number): number {
  if (max <= 4) return 4;
  const magnitude = 10 ** Math.floor(Math.log10(max / 4));
  const step = [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].map((m) => m * magnitude).find((c) => Number.isInteger(c) && c >= max / 4) ?? 10 * magnitude;
  return 4 * step;
}

function format(value: number | null | undefined, unit = ''): string {
  if (value === null || value === undefined) return '—';
  return `${Number.isInteger(value) ? value : value.toFixed(1)}${unit}`;
}

/** At most about eight x labels, evenly spread, the last always shown. */
function labelEvery(count: number): number {
  return Math.max(1, Math.ceil(count / 8));
}

function Chart({ title, summary, children, table }: { title: string; summary: string; children: ComponentChildren; table: ComponentChildren }) {
  const id = useId();
  return (
    <figure class="chart">
      <figcaption id={`${id}-t`}>{title}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}-t`} aria-describedby={`${id}-d`} data-testid="chart">
        <desc id={`${id}-d`}>{summary}</desc>
        {children}
      </svg>
      <details>
        <summary>{title} as a table</summary>
        <div class="table-wrap" tabIndex={0}>{table}</div>
      </details>
    </figure>
  );
}

function YAxis({ max, unit }: { max: number; unit?: string }) {
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * max);
  return (
    <g class="axis" aria-hidden="true">
      {ticks.map((t) => {
        const y = PAD.top + PLOT_H - (t / max) * PLOT_H;
        return (
          <g key={t}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y} y2={y} class="grid" />
            <text x={PAD.left - 6} y={y + 4} text-anchor="end">
              {format(t, unit)}
            </text>
          </g>
        );
      })}
    </g>
  );
}

function XLabels({ labels, x }: { labels: string[]; x: (i: number) => number }) {
  const every = labelEvery(labels.length);
  return (
    <g class="axis" aria-hidden="true">
      {labels.map((l, i) =>
        // Evenly spread, plus the last; a spread label too close to the last one gives way to it.
        (i % every === 0 && labels.length - 1 - i >= every / 2) || i === labels.length - 1 ? (
          <text key={i} x={x(i)} y={H - 8} text-anchor="middle">
            {/^\d{4}-\d{2}-\d{2}$/.test(l) ? l.slice(5) : l}
          </text>
        ) : null,
      )}
    </g>
  );
}

function Legend({ series }: { series: Series[] }) {
  if (series.length < 2) return null;
  return (
    <ul class="legend">
      {series.map((s) => (
        <li key={s.name}>
          <span class={`swatch ${s.tone}`} aria-hidden="true" />
          {s.name}
        </li>
      ))}
    </ul>
  );
}

function SeriesTable({ labels, series, labelHeader, unit }: { labels: string[]; series: Series[]; labelHeader: string; unit?: string }) {
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{labelHeader}</th>
          {series.map((s) => (
            <th scope="col" key={s.name}>
              {s.name}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {labels.map((l, i) => (
          <tr key={l}>
            <th scope="row">{l}</th>
            {series.map((s) => (
              <td key={s.name}>{format(s.values[i], unit)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Lines over labelled points (days); a null value breaks its line. */
export function LineChart({ title, labels, series, unit, labelHeader = 'Day', max }: { title: string; labels: string[]; series: Series[]; unit?: string; labelHeader?: string; max?: number }) {
  const top = max ?? niceMax(Math.max(0, ...series.flatMap((s) => s.values.filter((v): v is number => v !== null))));
  const x = (i: number) => PAD.left + (labels.length < 2 ? PLOT_W / 2 : (i / (labels.length - 1)) * PLOT_W);
  const y = (v: number) => PAD.top + PLOT_H - (v / top) * PLOT_H;
  const summary = series.map((s) => `${s.name}: ${s.values.filter((v) => v !== null).length} of ${labels.length} points, highest ${format(Math.max(0, ...s.values.filter((v): v is number => v !== null)), unit)}`).join('; ');
  return (
    <>
      <Chart title={title} summary={summary} table={<SeriesTable labels={labels} series={series} labelHeader={labelHeader} unit={unit} />}>
        <YAxis max={top} unit={unit} />
        <XLabels labels={labels} x={x} />
        {series.map((s) => {
          // One path segment per run of values, so a day without data is a gap, not a drop to zero.
          let d = '';
          let drawing = false;
          s.values.forEach((v, i) => {
            if (v === null) {
              drawing = false;
              return;
            }
            d += `${drawing ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
            drawing = true;
          });
          return (
            <g key={s.name} class={`series ${s.tone}`}>
              <path d={d} class="line" />
              {s.values.map((v, i) => (v === null ? null : <circle key={i} cx={x(i)} cy={y(v)} r={2.5} />))}
            </g>
          );
        })}
      </Chart>
      <Legend series={series} />
    </>
  );
}

/** Columns per label, the series stacked (events per risk level per day). */
export function StackedBarChart({ title, labels, series, labelHeader = 'Day' }: { title: string; labels: string[]; series: Series[]; labelHeader?: string }) {
  const totals = labels.map((_, i) => series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  const top = niceMax(Math.max(0, ...totals));
  const slot = PLOT_W / Math.max(1, labels.length);
  const barW = Math.max(2, slot * 0.7);
  const x = (i: number) => PAD.left + slot * i + slot / 2;
  const summary = `${totals.reduce((a, b) => a + b, 0)} in all over ${labels.length} days; ` + series.map((s) => `${s.name} ${s.values.reduce<number>((a, b) => a + (b ?? 0), 0)}`).join(', ');
  return (
    <>
      <Chart title={title} summary={summary} table={<SeriesTable labels={labels} series={series} labelHeader={labelHeader} />}>
        <YAxis max={top} />
        <XLabels labels={labels} x={x} />
        {labels.map((l, i) => {
          let base = PAD.top + PLOT_H;
          return (
            <g key={l}>
              {series.map((s) => {
                const v = s.values[i] ?? 0;
                if (v <= 0) return null;
                const h = (v / top) * PLOT_H;
                base -= h;
                return (
                  <rect key={s.name} class={`bar ${s.tone}`} x={x(i) - barW / 2} y={base} width={barW} height={h}>
                    <title>{`${l}: ${s.name} ${v}`}</title>
                  </rect>
                );
              })}
            </g>
          );
        })}
      </Chart>
      <Legend series={series} />
    </>
  );
}

export interface BarItem {
  label: string;
  value: number;
  /** Shown after the value (e.g. the share of the whole). */
  note?: string;
}

/** Horizontal bars, each labelled with its name and value in the picture itself. */
export function BarChart({ title, items, unit, max, valueHeader = 'Count', labelHeader = 'Name' }: { title: string; items: BarItem[]; unit?: string; max?: number; valueHeader?: string; labelHeader?: string }) {
  const id = useId();
  const top = max ?? niceMax(Math.max(0, ...items.map((i) => i.value)));
  const row = 26;
  const height = Math.max(row, items.length * row) + 8;
  const labelW = 150;
  const barSpace = W - labelW - 90;
  return (
    <figure class="chart">
      <figcaption id={`${id}-t`}>{title}</figcaption>
      <svg viewBox={`0 0 ${W} ${height}`} role="img" aria-labelledby={`${id}-t`} aria-describedby={`${id}-d`} data-testid="chart">
        <desc id={`${id}-d`}>{items.map((i) => `${i.label} ${format(i.value, unit)}`).join(', ') || 'No data'}</desc>
        {items.map((item, i) => {
          const y = 4 + i * row;
          const w = top > 0 ? (item.value / top) * barSpace : 0;
          return (
            <g key={item.label} aria-hidden="true">
              <text class="axis-label" x={labelW - 8} y={y + row / 2 + 4} text-anchor="end">
                {item.label.length > 20 ? item.label.slice(0, 19) + '…' : item.label}
              </text>
              <rect class="bar tone-accent" x={labelW} y={y + 3} width={Math.max(w, item.value > 0 ? 2 : 0)} height={row - 8} />
              <text class="axis-label" x={labelW + w + 6} y={y + row / 2 + 4}>
                {format(item.value, unit)}
                {item.note ? ` (${item.note})` : ''}
              </text>
            </g>
          );
        })}
      </svg>
      <details>
        <summary>{title} as a table</summary>
        <div class="table-wrap" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{labelHeader}</th>
                <th scope="col">{valueHeader}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((i) => (
                <tr key={i.label}>
                  <th scope="row">{i.label}</th>
                  <td>
                    {format(i.value, unit)}
                    {i.note ? ` (${i.note})` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}

/** A grid of cells shaded by value (rows × columns), each cell's value in its tooltip and in the table. */
export function Heatmap({ title, rows, columns, values, rowHeader = 'Day', columnHeader, unit }: { title: string; rows: string[]; columns: string[]; values: number[][]; rowHeader?: string; columnHeader: string; unit?: string }) {
  const id = useId();
  const left = 44;
  const top = 18;
  const cellW = (W - left - 4) / Math.max(1, columns.length);
  const cellH = 24;
  const height = top + rows.length * cellH + 4;
  const max = Math.max(0, ...values.flat());
  const every = Math.max(1, Math.ceil(columns.length / 12));
  let peak = { row: '', column: '', value: 0 };
  values.forEach((r, ri) =>
    r.forEach((v, ci) => {
      if (v > peak.value) peak = { row: rows[ri] ?? '', column: columns[ci] ?? '', value: v };
    }),
  );
  const summary = max > 0 ? `Busiest: ${peak.row} ${columnHeader.toLowerCase()} ${peak.column}, ${format(peak.value, unit)}` : 'No activity recorded yet';
  return (
    <figure class="chart">
      <figcaption id={`${id}-t`}>{title}</figcaption>
      <svg viewBox={`0 0 ${W} ${height}`} role="img" aria-labelledby={`${id}-t`} aria-describedby={`${id}-d`} data-testid="chart">
        <desc id={`${id}-d`}>{summary}</desc>
        <g class="axis" aria-hidden="true">
          {columns.map((c, i) =>
            i % every === 0 ? (
              <text key={c} x={left + cellW * i + cellW / 2} y={12} text-anchor="middle">
                {c}
              </text>
            ) : null,
          )}
          {rows.map((r, i) => (
            <text key={r} x={left - 6} y={top + cellH * i + cellH / 2 + 4} text-anchor="end">
              {r}
            </text>
          ))}
        </g>
        {rows.map((r, ri) =>
          columns.map((c, ci) => {
            const v = values[ri]?.[ci] ?? 0;
            return (
              <rect key={`${r}-${c}`} class="cell" x={left + cellW * ci + 1} y={top + cellH * ri + 1} width={cellW - 2} height={cellH - 2} fill-opacity={max > 0 ? 0.08 + 0.92 * (v / max) : 0.08}>
                <title>{`${r} ${c}: ${format(v, unit)}`}</title>
              </rect>
            );
          }),
        )}
      </svg>
      <details>
        <summary>{title} as a table</summary>
        <div class="table-wrap" tabIndex={0}>
          <table class="compact">
            <thead>
              <tr>
                <th scope="col">{rowHeader}</th>
                {columns.map((c) => (
                  <th scope="col" key={c}>
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r, ri) => (
                <tr key={r}>
                  <th scope="row">{r}</th>
                  {columns.map((c, ci) => (
                    <td key={c}>{format(values[ri]?.[ci] ?? 0)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
