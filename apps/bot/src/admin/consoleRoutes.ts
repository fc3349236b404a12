import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { CallTimelines, TimelineEntry } from './CallTimeline';
import { timelineSvg } from './timelineSvg';

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Most console pages listening for live updates at once (each is one open response). */
const MAX_STREAMS = 32;

const STYLE = `body{font:15px/1.4 system-ui,sans-serif;margin:0;color:#111;background:#fff}
header{padding:.8rem 1rem;background:#0d47a1;color:#fff}header a{color:#fff}h1{font-size:1.15rem;margin:0}
main{padding:.8rem 1rem;max-width:980px}form{display:flex;flex-wrap:wrap;gap:.5rem;margin-bottom:.8rem}
select,input,button{font:inherit;padding:.35rem .5rem}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #ddd;padding:.45rem .4rem;text-align:left;vertical-align:top}
code{font-size:.85em;word-break:break-all}.live{color:#1b5e20}.ended{color:#666}.muted{color:#555;font-size:.9em}
@media (max-width:600px){.wide{display:none}td,th{padding:.4rem .2rem}}`;

/** The routes of one call's pages: `:callId` is the call's id. */
type CallRoute = { Params: { readonly callId: string } };

function page(title: string, nonce: string, body: string, script: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escape(title)}</title><style>${STYLE}</style></head>
<body>${body}<script nonce="${nonce}">${script}</script></body></html>
`;
}

function send(reply: FastifyReply, html: string, nonce: string): FastifyReply {
  return reply
    .type('text/html; charset=utf-8')
    .header(
      'content-security-policy',
      `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'`,
    )
    .header('cache-control', 'no-store')
    .send(html);
}

/** The console pages listening for live updates: at most {@link MAX_STREAMS}, all ended on close. */
class ConsoleStreams {
  private readonly open = new Set<{ end(): void }>();

  /** Answers `reply` with a server-sent event stream of what `listen` writes (503 past the limit). */
  start(reply: FastifyReply, listen: (write: (entry: TimelineEntry & { callId: string }) => void) => () => void): FastifyReply {
    if (this.open.size >= MAX_STREAMS)
      return reply
        .code(503)
        .header('retry-after', '5')
        .send({ error: { code: 'busy', message: `expected at most ${MAX_STREAMS} live consoles at once` } });
    reply.hijack();
    const raw = reply.raw;
    this.open.add(raw);
    raw.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
    raw.write('retry: 2000\n\n');
    const stop = listen((entry) => raw.write(`data: ${JSON.stringify(entry)}\n\n`));
    const beat = setInterval(() => raw.write(': keep-alive\n\n'), 15_000);
    raw.on('close', () => {
      this.open.delete(raw);
      clearInterval(beat);
      stop();
    });
    return reply;
  }

  close(): void {
    for (const raw of this.open) raw.end();
  }
}

/** Listens to the timelines' entries (of one call, when `callId` is given); the listening function returns the one that stops. */
function entriesOf(timelines: CallTimelines, callId?: string) {
  return (write: (entry: TimelineEntry & { callId: string }) => void): (() => void) => {
    const listener = (id: string, entry: TimelineEntry) => {
      if (callId === undefined || id === callId) write({ callId: id, ...entry });
    };
    timelines.on('entry', listener);
    return () => timelines.off('entry', listener);
  };
}

const STATES = ['incoming', 'establishing', 'established', 'hold', 'transferring', 'terminating', 'terminated'];

/**
 * `/console`: the calls, filtered and paged through `/status`, reloaded when an entry arrives. Only the
 * latest request's answer is drawn: an earlier one that answers late (a filter changed since) is dropped.
 * The table is `aria-busy` while any request is unanswered.
 */
function callsPage(instanceId: string, nonce: string): string {
  const body = `<header><h1>Calls</h1></header><main>
<form id="filters"><select name="state" aria-label="state"><option value="">any state</option>${STATES.map((s) => `<option>${s}</option>`).join('')}</select>
<select name="direction" aria-label="direction"><option value="">any direction</option><option>incoming</option><option>outgoing</option></select>
<label><input type="checkbox" name="instance" value="${escape(instanceId)}"> kept by this instance</label></form>
<table><thead><tr><th>Call</th><th>State</th><th class="wide">Duration</th><th class="wide">Roster</th></tr></thead><tbody id="calls"><tr><td colspan="4">Loading…</td></tr></tbody></table>
<p><button id="more" hidden>More</button> <span class="muted" id="updated"></span></p></main>`;
  const script = `const form=document.getElementById('filters'),rows=document.getElementById('calls'),more=document.getElementById('more');let next;
const esc=s=>String(s).replace(/[&<>"']/g,c=>'&#'+c.charCodeAt(0)+';');
function query(cursor){const q=new URLSearchParams();for(const [k,v] of new FormData(form))if(v)q.set(k,v);q.set('limit','50');if(cursor)q.set('cursor',cursor);return q}
let latest=0,pending=0;const table=rows.parentElement;
async function load(append){const mine=++latest;table.setAttribute('aria-busy',String(++pending>0));try{await answer(mine,append)}finally{table.setAttribute('aria-busy',String(--pending>0))}}
async function answer(mine,append){const r=await fetch('/status?'+query(append?next:undefined));const b=await r.json();if(mine!==latest)return;if(!r.ok){rows.innerHTML='<tr><td colspan=4>'+esc(b.error.message)+'</td></tr>';return}
const html=b.calls.map(c=>'<tr><td><a href="/console/calls/'+encodeURIComponent(c.id)+'"><code>'+esc(c.id)+'</code></a></td><td class="'+(c.state==='terminated'?'ended':'live')+'">'+esc(c.state)+'</td><td class="wide">'+c.durationSeconds+' s</td><td class="wide">'+c.roster.map(p=>esc(p.kind)).join(', ')+'</td></tr>').join('');
rows.innerHTML=(append?rows.innerHTML:'')+(html||(append?'':'<tr><td colspan=4>No calls.</td></tr>'));next=b.next;more.hidden=!next;document.getElementById('updated').textContent='updated '+new Date().toLocaleTimeString()}
form.addEventListener('change',()=>load(false));more.addEventListener('click',()=>load(true));load(false);
let timer;new EventSource('/console/events').onmessage=()=>{clearTimeout(timer);timer=setTimeout(()=>load(false),500)};`;
  return page('Calls — graph-calling bot', nonce, body, script);
}

/** `/console/calls/:id`: one call's timeline, redrawn when an entry of it arrives. */
function callPage(callId: string, timelines: CallTimelines, nonce: string): string {
  const path = `/console/calls/${encodeURIComponent(callId)}`;
  const body = `<header><h1><a href="/console">Calls</a> › <code>${escape(callId)}</code></h1></header><main>
<p class="muted">Timeline as this instance saw it (live). Hover or tap a row for its request ids.</p>
<div id="timeline">${timelineSvg(timelines.of(callId))}</div></main>`;
  const script = `const box=document.getElementById('timeline');let timer;
async function draw(){const r=await fetch(${JSON.stringify(`${path}/timeline.svg`)});if(r.ok)box.innerHTML=await r.text()}
new EventSource(${JSON.stringify(`${path}/events`)}).onmessage=()=>{clearTimeout(timer);timer=setTimeout(draw,150)};`;
  return page(`Call ${callId}`, nonce, body, script);
}

/**
 * The live calls console: `/console` lists the calls (the status route's pages and filters: state,
 * direction, this instance), `/console/calls/:id` draws one call's timeline as SVG, and both
 * follow changes through server-sent events (`/console/events`, `/console/calls/:id/events`).
 * Registered inside the admin routes, so the same Host check and token guard it.
 */
export function consoleRoutes(
  timelines: CallTimelines,
  instanceId: () => string,
): { readonly routes: (fastify: FastifyInstance) => void; readonly close: () => void } {
  const streams = new ConsoleStreams();
  const nonce = () => randomBytes(12).toString('base64');
  const routes = (fastify: FastifyInstance) => {
    fastify.get('/status.html', (_request, reply) => reply.redirect('/console'));
    fastify.get('/console', (_request, reply) => {
      const n = nonce();
      return send(reply, callsPage(instanceId(), n), n);
    });
    fastify.get('/console/events', (_request, reply) => streams.start(reply, entriesOf(timelines)));
    fastify.get<CallRoute>('/console/calls/:callId', (request, reply) => {
      const n = nonce();
      return send(reply, callPage(request.params.callId, timelines, n), n);
    });
    fastify.get<CallRoute>('/console/calls/:callId/timeline.svg', (request, reply) =>
      reply
        .type('image/svg+xml; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(timelineSvg(timelines.of(request.params.callId))),
    );
    fastify.get<CallRoute>('/console/calls/:callId/timeline', (request) => ({
      callId: request.params.callId,
      entries: timelines.of(request.params.callId),
    }));
    fastify.get<CallRoute>('/console/calls/:callId/events', (request, reply) =>
      streams.start(reply, entriesOf(timelines, request.params.callId)),
    );
  };
  return { routes, close: () => streams.close() };
}
