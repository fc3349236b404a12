import hljs from 'highlight.js';
import { esc } from './html';

/** Highlighted HTML of a code text; unknown languages are escaped plain text, never guessed from untrusted input. */
export function highlight(code: string, lang: string): string {
  if (lang === 'http') return highlightHttp(code);
  const language = lang === '' ? undefined : hljs.getLanguage(lang) ? lang : undefined;
  if (language === undefined) return esc(code);
  return hljs.highlight(code, { language, ignoreIllegals: true }).value;
}

/**
 * highlight.js guesses the language of an HTTP body by trying every grammar it has, which is most
 * of a site build; the head is highlighted as HTTP and a body that looks like JSON as JSON.
 */
function highlightHttp(code: string): string {
  const split = /\n[ \t]*\n/.exec(code);
  const head = split ? code.slice(0, split.index) : code;
  const body = split ? code.slice(split.index + split[0].length) : '';
  const headHtml = hljs.highlight(head, { language: 'http', ignoreIllegals: true }).value;
  if (!split) return headHtml;
  const first = body.trimStart()[0];
  const bodyHtml = first === '{' || first === '[' ? hljs.highlight(body, { language: 'json', ignoreIllegals: true }).value : esc(body);
  return `${headHtml}${split[0]}${bodyHtml}`;
}
