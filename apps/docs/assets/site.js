// Tabs, the language toggle, the menu, search and the revision picker. No network requests.
'use strict';

function selectTab(tab, focus) {
  const list = tab.closest('[role="tablist"]');
  for (const other of list.querySelectorAll('[role="tab"]')) {
    const selected = other === tab;
    other.setAttribute('aria-selected', String(selected));
    other.tabIndex = selected ? 0 : -1;
    const panel = document.getElementById(other.getAttribute('aria-controls'));
    if (panel) panel.hidden = !selected;
  }
  if (focus) tab.focus();
}

function setUpTabs() {
  for (const list of document.querySelectorAll('[role="tablist"]')) {
    const tabs = () => [...list.querySelectorAll('[role="tab"]')];
    list.addEventListener('click', (event) => {
      const tab = event.target.closest('[role="tab"]');
      if (!tab) return;
      selectTab(tab, false);
      // Like the published docs, picking a language in one tab group picks it in every group of the page.
      if (list.closest('.docfx-tabs')) {
        for (const other of document.querySelectorAll(`.docfx-tabs [role="tab"][data-tab="${CSS.escape(tab.dataset.tab)}"]`)) {
          if (other !== tab) selectTab(other, false);
        }
      }
    });
    list.addEventListener('keydown', (event) => {
      const all = tabs();
      const at = all.indexOf(document.activeElement);
      if (at < 0) return;
      const next = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: all.length - 1 }[event.key];
      if (next === undefined) return;
      event.preventDefault();
      selectTab(all[(next + all.length) % all.length], true);
    });
  }
}

function setUpLanguage() {
  const toggle = document.getElementById('toggle-lang');
  if (!toggle) return;
  const apply = (english) => {
    document.body.classList.toggle('lang-en', english);
    toggle.setAttribute('aria-pressed', String(english));
    toggle.textContent = english ? 'Show translation' : 'Show English';
  };
  apply(localStorage.getItem('graph-calling-lang') === 'en');
  toggle.addEventListener('click', () => {
    const english = !document.body.classList.contains('lang-en');
    localStorage.setItem('graph-calling-lang', english ? 'en' : 'local');
    apply(english);
  });
}

function setUpMenu() {
  const button = document.getElementById('nav-toggle');
  const sidebar = document.getElementById('sidebar');
  if (!button || !sidebar) return;
  button.addEventListener('click', () => {
    const open = !document.body.classList.contains('nav-open');
    document.body.classList.toggle('nav-open', open);
    button.setAttribute('aria-expanded', String(open));
    if (open) sidebar.querySelector('a')?.focus();
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && document.body.classList.contains('nav-open')) {
      document.body.classList.remove('nav-open');
      button.setAttribute('aria-expanded', 'false');
      button.focus();
    }
  });
}

// The "on this page" list marks the section being read.
function setUpToc() {
  const links = [...document.querySelectorAll('.toc a[href^="#"]')];
  if (links.length === 0 || !window.IntersectionObserver) return;
  const byId = new Map(links.map((a) => [decodeURIComponent(a.getAttribute('href').slice(1)), a]));
  const headings = [...byId.keys()].map((id) => document.getElementById(id)).filter(Boolean);
  const mark = (id) => {
    for (const [key, link] of byId) {
      if (key === id) link.setAttribute('aria-current', 'location');
      else link.removeAttribute('aria-current');
    }
  };
  const observer = new window.IntersectionObserver(
    () => {
      // The section being read is the last one whose heading has reached the top, under the header.
      const line = (document.querySelector('header.top')?.getBoundingClientRect().bottom ?? 0) + 40;
      const above = headings.filter((h) => h.getBoundingClientRect().top <= line);
      mark((above[above.length - 1] ?? headings[0]).id);
    },
    { rootMargin: '0px 0px -60% 0px' },
  );
  for (const heading of headings) observer.observe(heading);
}

function setUpSearch() {
  const input = document.getElementById('search');
  const results = document.getElementById('search-results');
  const status = document.getElementById('search-status');
  if (!input || !results || !status || !window.GC_SEARCH || !window.MiniSearch) return;
  const index = window.MiniSearch.loadJSON(JSON.stringify(window.GC_SEARCH.index), window.GC_SEARCH.options);
  const KIND = { page: 'Page', heading: 'Heading', example: 'Example' };
  const run = () => {
    const query = input.value.trim();
    results.replaceChildren();
    if (query === '') {
      status.textContent = '';
      return;
    }
    const hits = index.search(query, { prefix: true, fuzzy: 0.15, combineWith: 'AND' });
    status.textContent =
      hits.length === 0
        ? `No headings, examples or pages match “${query}”.`
        : `${hits.length} match${hits.length === 1 ? '' : 'es'} for “${query}”${hits.length > 50 ? ' (first 50 shown)' : ''}.`;
    for (const hit of hits.slice(0, 50)) {
      const item = document.createElement('li');
      const kind = document.createElement('span');
      kind.className = `hit-kind hit-${hit.kind}`;
      kind.textContent = KIND[hit.kind] || hit.kind;
      const link = document.createElement('a');
      link.href = hit.url;
      link.textContent = hit.title;
      item.append(kind, ' ', link);
      if (hit.english && hit.english !== hit.title) {
        const english = document.createElement('span');
        english.className = 'title-en';
        english.lang = 'en';
        english.textContent = ` ${hit.english}`;
        item.append(english);
      }
      const where = document.createElement('div');
      where.className = 'source';
      where.textContent = hit.page;
      item.append(where);
      results.append(item);
    }
  };
  const initial = new URLSearchParams(location.search).get('q');
  if (initial) input.value = initial;
  input.addEventListener('input', run);
  document.getElementById('search-form')?.addEventListener('submit', (event) => {
    event.preventDefault();
    run();
  });
  run();
}

function setUpRevisions() {
  const data = document.getElementById('revisions-data');
  const a = document.getElementById('rev-a');
  const b = document.getElementById('rev-b');
  const changedOnly = document.getElementById('rev-changed');
  const out = document.getElementById('rev-diff');
  const summary = document.getElementById('rev-summary');
  if (!data || !a || !b || !out || !window.Diff) return;
  const { revisions } = JSON.parse(data.textContent);
  const bySlug = new Map(revisions.map((r) => [r.slug, r]));
  const params = new URLSearchParams(location.hash.slice(1));
  a.value = bySlug.has(params.get('a')) ? params.get('a') : revisions[0].slug;
  b.value = bySlug.has(params.get('b')) ? params.get('b') : revisions[1].slug;

  const cell = (tag, className, html) => {
    const element = document.createElement(tag);
    if (className) element.className = className;
    element.innerHTML = html;
    return element;
  };
  const render = () => {
    const from = bySlug.get(a.value);
    const to = bySlug.get(b.value);
    history.replaceState(null, '', `#a=${encodeURIComponent(from.slug)}&b=${encodeURIComponent(to.slug)}`);
    out.replaceChildren();
    const keys = [...new Set([...Object.keys(from.examples), ...Object.keys(to.examples)])].sort();
    let changed = 0;
    let same = 0;
    const only = [];
    for (const key of keys) {
      const before = from.examples[key];
      const after = to.examples[key];
      if (!before || !after) {
        only.push(`${key} (only in ${before ? 'From' : 'To'})`);
        continue;
      }
      const parts = window.Diff.diffArrays(before.lines, after.lines);
      const differs = parts.some((p) => p.added || p.removed);
      if (differs) changed += 1;
      else same += 1;
      if (!differs && changedOnly.checked) continue;
      const section = document.createElement('section');
      section.className = 'rev-example';
      const heading = document.createElement('h2');
      heading.textContent = key;
      const links = document.createElement('span');
      links.className = 'rev-links';
      for (const [label, example] of [
        ['from', before],
        ['to', after],
      ]) {
        const link = document.createElement('a');
        link.href = example.anchor;
        link.textContent = label;
        links.append(' ', link);
      }
      heading.append(links);
      const table = document.createElement('table');
      table.className = 'diff-table';
      const body = document.createElement('tbody');
      let left = 0;
      let right = 0;
      for (const part of parts) {
        for (let i = 0; i < part.value.length; i += 1) {
          const row = document.createElement('tr');
          const kind = part.added ? 'add' : part.removed ? 'del' : 'same';
          row.className = `diff-${kind}`;
          const html = part.added ? after.html[right] : before.html[left];
          row.append(
            cell('td', 'ln', part.added ? '' : String(++left)),
            cell('td', 'ln', part.removed ? '' : String(++right)),
            cell('td', 'sign', part.added ? '+' : part.removed ? '−' : ''),
            cell('td', 'code', `<code>${html === '' ? ' ' : html}</code>`),
          );
          body.append(row);
        }
      }
      table.append(body);
      section.append(heading, table);
      out.append(section);
    }
    summary.textContent =
      from === to
        ? 'The same revision on both sides: nothing changed.'
        : `${changed} example${changed === 1 ? '' : 's'} changed, ${same} unchanged${only.length ? `, ${only.length} in one revision only` : ''}.`;
    if (only.length > 0 && from !== to) {
      const list = document.createElement('details');
      list.className = 'rev-only';
      const title = document.createElement('summary');
      title.textContent = `Examples in one revision only (${only.length})`;
      const items = document.createElement('ul');
      for (const text of only) {
        const item = document.createElement('li');
        item.textContent = text;
        items.append(item);
      }
      list.append(title, items);
      out.prepend(list);
    }
  };
  for (const control of [a, b, changedOnly]) control.addEventListener('change', render);
  render();
}

document.addEventListener('DOMContentLoaded', () => {
  setUpTabs();
  setUpLanguage();
  setUpMenu();
  setUpToc();
  setUpSearch();
  setUpRevisions();
});
