// Tabs, the language toggle and search. No network requests, no dependencies.
document.addEventListener('DOMContentLoaded', () => {
  for (const example of document.querySelectorAll('.example')) {
    const buttons = example.querySelectorAll('.tabs button');
    for (const button of buttons) {
      button.addEventListener('click', () => {
        for (const other of buttons) other.setAttribute('aria-selected', String(other === button));
        for (const panel of example.querySelectorAll('.panel')) panel.hidden = panel.dataset.panel !== button.dataset.tab;
      });
    }
  }

  const toggle = document.getElementById('toggle-lang');
  if (toggle) {
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

  const search = document.getElementById('search');
  if (search) {
    const run = () => {
      const terms = search.value.toLowerCase().split(/\s+/).filter(Boolean);
      for (const item of document.querySelectorAll('[data-search]')) {
        const hit = terms.every((t) => item.dataset.search.includes(t));
        item.hidden = item.tagName === 'LI' ? terms.length === 0 || !hit : !hit;
      }
    };
    search.addEventListener('input', run);
    run();
  }
});
