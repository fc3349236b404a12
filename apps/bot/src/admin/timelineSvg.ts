import type { TimelineEntry, TimelineKind } from './CallTimeline';

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The lanes, left to right, with their colours (readable on white, distinct for colour-blind eyes). */
const LANES: ReadonlyArray<readonly [TimelineKind, string, string]> = [
  ['state', 'state', '#1b5e20'],
  ['roster', 'roster', '#6a1b9a'],
  ['graph', 'Graph', '#0d47a1'],
  ['callback', 'callback', '#455a64'],
  ['operation', 'operation', '#e65100'],
  ['tone', 'keys', '#00838f'],
  ['keepAlive', 'keep-alive', '#5d4037'],
  ['takeover', 'take-over', '#ad1457'],
];

const ROW = 30;
const TOP = 30;
const WIDTH = 640;
const LANE_X = 78;
const LANE_GAP = 16;
const LABEL_X = LANE_X + LANES.length * LANE_GAP + 8;

/**
 * A call's timeline as an SVG picture: time runs down (one row per entry, `+s` since the first on
 * the left, so it reads on a phone as on a desk), a dot in the entry's lane, a lane line from
 * the first entry to the last, the label, and for requests and operations a bar as long as their
 * duration (scaled to the longest). The SVG scales to its container's width (viewBox).
 */
export function timelineSvg(entries: readonly TimelineEntry[]): string {
  const rows = [...entries].sort((a, b) => a.at - b.at);
  const height = TOP + Math.max(rows.length, 1) * ROW + 10;
  const start = rows[0]?.at ?? 0;
  const longest = Math.max(1, ...rows.map((r) => r.durationMs ?? 0));
  const laneOf = new Map(LANES.map(([kind, , colour], i) => [kind, { x: LANE_X + i * LANE_GAP, colour }] as const));
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="100%" role="img" aria-label="call timeline" font-family="system-ui, sans-serif" font-size="13">`,
  );
  LANES.forEach(([kind, name, colour], i) => {
    const x = LANE_X + i * LANE_GAP;
    // The legend: one dot and name per lane, in lane order.
    const legendX = 6 + i * 79;
    parts.push(
      `<circle cx="${legendX + 5}" cy="12" r="5" fill="${colour}"/>`,
      `<text x="${legendX + 14}" y="16" font-size="12" fill="${colour}" data-lane="${kind}">${escape(name)}</text>`,
      `<line x1="${x}" y1="${TOP - 6}" x2="${x}" y2="${height - 6}" stroke="${colour}" stroke-opacity="0.18" stroke-width="2"/>`,
    );
  });
  if (rows.length === 0)
    parts.push(`<text x="${LABEL_X}" y="${TOP + 14}" fill="#555">Nothing seen of this call on this instance yet.</text>`);
  rows.forEach((entry, i) => {
    const y = TOP + i * ROW + ROW / 2;
    const lane = laneOf.get(entry.kind) ?? { x: LANE_X, colour: '#000' };
    const seconds = ((entry.at - start) / 1000).toFixed(2);
    const ids = entry.ids
      ? Object.entries(entry.ids)
          .map(([k, v]) => `${k} ${v}`)
          .join('\n')
      : '';
    parts.push(`<g class="entry" data-kind="${entry.kind}" data-ok="${entry.ok}">`);
    if (ids !== '') parts.push(`<title>${escape(ids)}</title>`);
    if (i % 2 === 0) parts.push(`<rect x="0" y="${y - ROW / 2}" width="${WIDTH}" height="${ROW}" fill="#f5f7fa"/>`);
    parts.push(
      `<text x="6" y="${y + 4}" fill="#555" font-variant-numeric="tabular-nums">+${seconds}s</text>`,
      `<circle cx="${lane.x}" cy="${y}" r="6" fill="${entry.ok ? lane.colour : '#fff'}" stroke="${lane.colour}" stroke-width="2.5"/>`,
      `<text class="label" x="${LABEL_X}" y="${y + 4}" fill="${entry.ok ? '#111' : '#b71c1c'}" font-weight="${entry.kind === 'state' ? 600 : 400}">${escape(entry.label)}</text>`,
    );
    if (entry.durationMs !== undefined) {
      const barX = LABEL_X + 230;
      const width = Math.max(2, Math.round(((WIDTH - barX - 70) * entry.durationMs) / longest));
      parts.push(
        `<rect x="${barX}" y="${y - 5}" width="${width}" height="10" rx="3" fill="${lane.colour}" fill-opacity="0.75"/>`,
        `<text x="${barX + width + 6}" y="${y + 4}" fill="#333" font-size="12">${formatMs(entry.durationMs)}</text>`,
      );
    }
    parts.push('</g>');
  });
  parts.push('</svg>');
  return parts.join('');
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}
