/**
 * Hand-written SVG charts for the plan page: a pass-rate line and duration bars over the plan's runs.
 * One point/bar per run, oldest on the left; each links to its run. No chart library.
 */
import type { RunSummary } from '../api';
import { formatDuration, formatPercent, formatTime, resultLabel, resultTone } from '../format';
import { navigate } from '../router';

const W = 640;
const H = 200;
const PAD = { top: 12, right: 20, bottom: 28, left: 52 };
const innerW = W - PAD.left - PAD.right;
const innerH = H - PAD.top - PAD.bottom;

function xOf(i: number, n: number) {
  return PAD.left + (n <= 1 ? innerW / 2 : (i / (n - 1)) * innerW);
}

function runTitle(r: RunSummary) {
  return `Run #${r.id}${r.buildNo ? ` · build ${r.buildNo}` : ''}\n${formatTime(r.startTime)} · ${resultLabel(r.result, r.status)}\npass rate ${formatPercent(r.passRate, 1)} (${r.passedCount}/${r.totalCount}) · ${formatDuration(r.duration)}`;
}

/** X-axis labels: a handful of run ids, evenly spaced. */
function XLabels({ runs, x }: { runs: readonly RunSummary[]; x: (i: number) => number }) {
  const every = Math.max(1, Math.ceil(runs.length / 8));
  return (
    <g className="axis-labels">
      {runs.map((r, i) =>
        i % every === 0 || i === runs.length - 1 ? (
          <text key={r.id} x={x(i)} y={H - 8} textAnchor={i === runs.length - 1 && runs.length > 1 ? 'end' : 'middle'}>
            #{r.id}
          </text>
        ) : null,
      )}
    </g>
  );
}

export function PassRateChart({ runs }: { runs: readonly RunSummary[] }) {
  const n = runs.length;
  const y = (rate: number) => PAD.top + (1 - rate) * innerH;
  const points = runs.map((r, i) => [xOf(i, n), y(r.passRate ?? 0)] as const);
  const line = points.map(([px, py], i) => `${i ? 'L' : 'M'}${px.toFixed(1)},${py.toFixed(1)}`).join(' ');
  const area = n ? `${line} L${points[n - 1]![0].toFixed(1)},${y(0)} L${points[0]![0].toFixed(1)},${y(0)} Z` : '';
  return (
    <svg className="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label="Pass rate per run" data-testid="pass-rate-chart">
      {[0, 0.25, 0.5, 0.75, 1].map((t) => (
        <g key={t} className="grid">
          <line x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} />
          <text x={PAD.left - 8} y={y(t) + 4} textAnchor="end">
            {t * 100}%
          </text>
        </g>
      ))}
      <path d={area} className="area" />
      <path d={line} className="line" />
      {runs.map((r, i) => (
        <g key={r.id} className="point" onClick={() => navigate(`/runs/${r.id}`)}>
          <title>{runTitle(r)}</title>
          <circle cx={points[i]![0]} cy={points[i]![1]} r={9} className="hit" />
          <circle cx={points[i]![0]} cy={points[i]![1]} r={4.5} className={`mark tone-fill-${resultTone(r.result, r.status)}`} />
        </g>
      ))}
      <XLabels runs={runs} x={(i) => xOf(i, n)} />
    </svg>
  );
}

/** A round axis maximum: 1, 2 or 5 times a power of ten, in the unit that reads best. */
function niceMax(ms: number): number {
  if (ms <= 0) return 1000;
  const power = 10 ** Math.floor(Math.log10(ms));
  for (const m of [1, 2, 5, 10]) if (m * power >= ms) return m * power;
  return 10 * power;
}

export function DurationChart({ runs }: { runs: readonly RunSummary[] }) {
  const n = runs.length;
  const max = niceMax(Math.max(0, ...runs.map((r) => r.duration ?? 0)));
  const y = (ms: number) => PAD.top + (1 - ms / max) * innerH;
  const slot = innerW / Math.max(n, 1);
  const barW = Math.max(2, Math.min(28, slot * 0.7));
  const xCenter = (i: number) => PAD.left + slot * (i + 0.5);
  return (
    <svg className="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label="Duration per run" data-testid="duration-chart">
      {[0, 0.5, 1].map((t) => (
        <g key={t} className="grid">
          <line x1={PAD.left} x2={W - PAD.right} y1={y(max * t)} y2={y(max * t)} />
          <text x={PAD.left - 8} y={y(max * t) + 4} textAnchor="end">
            {formatDuration(max * t)}
          </text>
        </g>
      ))}
      {runs.map((r, i) => {
        const top = y(r.duration ?? 0);
        return (
          <g key={r.id} className="bar" onClick={() => navigate(`/runs/${r.id}`)}>
            <title>{runTitle(r)}</title>
            <rect x={xCenter(i) - slot / 2} y={PAD.top} width={slot} height={innerH} className="hit" />
            <rect x={xCenter(i) - barW / 2} y={top} width={barW} height={Math.max(0, y(0) - top)} rx={2} className="duration-bar" />
            {/* A cap in the run's result colour: the bar's height is the duration, its cap the outcome. */}
            <rect x={xCenter(i) - barW / 2} y={top} width={barW} height={Math.min(4, Math.max(0, y(0) - top))} rx={1} className={`tone-fill-${resultTone(r.result, r.status)}`} />
          </g>
        );
      })}
      <XLabels runs={runs} x={xCenter} />
    </svg>
  );
}
