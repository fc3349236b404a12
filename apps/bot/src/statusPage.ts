import type { CallStatus } from './callStatus';

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A minimal HTML view of the status route. */
export function statusPage(calls: readonly CallStatus[]): string {
  const rows = calls
    .map(
      (c) =>
        `<tr><td><code>${escape(c.id)}</code></td><td>${escape(c.state)}</td><td>${c.durationSeconds}s</td><td>${c.owned ? 'yes' : 'no'}</td><td>${c.roster
          .map((p) => `${escape(p.kind)}${p.name ? ` ${escape(p.name)}` : ''}${p.muted ? ' (muted)' : ''}${p.inLobby ? ' (lobby)' : ''}`)
          .join('<br>')}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>graph-calling bot</title>
<style>body{font:14px system-ui,sans-serif;margin:2rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left}</style></head>
<body><h1>Calls</h1>
<table><thead><tr><th>Call</th><th>State</th><th>Duration</th><th>Placed or answered by this bot</th><th>Roster</th></tr></thead>
<tbody>
${rows || '<tr><td colspan="5">No calls yet.</td></tr>'}
</tbody></table></body></html>
`;
}
