// Why: text from the kernel log, /proc or a participant is untrusted (any user can name a process
// "\x1b]0;pwned\x07"); strip terminal control sequences and C0/C1 controls before printing it.
export function stripControl(text: string): string {
  return text
    .replace(/\x1b\[[0-?]*[ -/]*[@-~]/g, '') // CSI
    .replace(/\x1b\][^\x07\x1b]*(\x07|\x1b\\)?/g, '') // OSC
    .replace(/\x1b[@-Z\\-_]/g, '') // other ESC sequences
    .replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g, ''); // and bidi overrides
}

// Why: a field printed inside one line of a table or summary must not start a line of its own.
export function oneLine(text: string): string {
  return stripControl(text).replace(/[\t\n\u2028\u2029]/g, ' ');
}

// Why: strip every string of an untrusted object (a guest's result) at once, so that no field added
// to a report later can reach a terminal raw; numbers and booleans pass as they are.
export function mapStrings<T>(value: T, f: (text: string) => string): T {
  if (typeof value === 'string') return f(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => mapStrings(v, f)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[f(k)] = mapStrings(v, f);
    return out as T;
  }
  return value;
}

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
