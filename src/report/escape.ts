import { stripControl } from '../cli/terminal.js';

// Why: XML 1.0 forbids C0 controls other than tab, newline and carriage return, lone surrogates and
// U+FFFE/U+FFFF; kernel and /proc text may carry any byte, so terminal sequences and those go first.
export function stripXmlInvalid(text: string): string {
  return stripControl(text).replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '');
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

// Why: untrusted text (a process may be named `<img src=x onerror=...>`) must reach HTML and XML
// text and attribute values as text; one function for both, safe in either quoting style.
export function escapeHtml(text: unknown): string {
  return stripXmlInvalid(String(text)).replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

// Why: JSON inside <script type="application/json"> must never contain `</script>` or `<!--`;
// escaping `<`, `>`, `&` and the JS line separators keeps it inert and still valid JSON.
// String values are stripped of control characters on the way (they only ever reach textContent).
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'string' ? stripXmlInvalid(v) : v))
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
