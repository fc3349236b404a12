import hljs from 'highlight.js';
import { esc } from './html';

/** Highlighted HTML of a code text; unknown languages are escaped plain text, never guessed from untrusted input. */
export function highlight(code: string, lang: string): string {
  const language = lang === '' ? undefined : hljs.getLanguage(lang) ? lang : undefined;
  if (language === undefined) return esc(code);
  return hljs.highlight(code, { language, ignoreIllegals: true }).value;
}
