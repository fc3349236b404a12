/** Escapes text for HTML content and attribute values. */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/** The shared page frame: head, the language toggle, and the site's assets. */
export function layout(options: { title: string; body: string; assets: string; lang?: string; localized?: boolean; nav?: string }): string {
  return `<!doctype html>
<html lang="${esc(options.lang ?? 'en')}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(options.title)} · graph-calling docs</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${options.assets}/highlight.css">
<link rel="stylesheet" href="${options.assets}/site.css">
<script src="${options.assets}/site.js" defer></script>
</head>
<body${options.localized ? ' class="localized"' : ''}>
<header class="top"><a href="${options.assets}/../index.html">graph-calling docs</a>${options.nav ?? ''}${
    options.localized ? ' <button id="toggle-lang" type="button" aria-pressed="false">Show English</button>' : ''
  }</header>
<main>
${options.body}
</main>
</body>
</html>
`;
}
