// HTML building with escaping by default: every value from the logs or the URL goes through escapeHtml.

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"'`]/g, (char) => ESCAPES[char] ?? char);
}

/** A fragment that is already HTML (built by `html`), so it is not escaped again. */
export class SafeHtml {
  readonly value: string;
  constructor(value: string) {
    this.value = value;
  }
  toString(): string {
    return this.value;
  }
}

/**
 * A tagged template that escapes every interpolated value unless it is SafeHtml (or a list of them).
 *
 * @example
 * html`<td>${hostname}</td>`; // hostname '<b>' becomes &lt;b&gt;
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, index) => {
    out += render(value) + (strings[index + 1] ?? '');
  });
  return new SafeHtml(out);
}

function render(value: unknown): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === undefined || value === null || value === false) return '';
  return escapeHtml(value);
}

/** The page shell every server-rendered page shares: no script at all, styles inline. */
export function page(title: string, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title} · egress-scout</title>
<style>
body{font:15px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#1b1f24;background:#fff}
h1{font-size:1.4rem;margin:0 0 .25rem}h2{font-size:1.05rem;margin:1.5rem 0 .5rem}
code,.target{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;word-break:break-all}
.target{font-size:1.25rem;font-weight:600}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #d8dee4;vertical-align:top}
th{width:14rem;color:#57606a;font-weight:500}
.status{display:inline-block;padding:.05rem .5rem;border-radius:1rem;background:#eaeef2;font-size:.85rem}
.notice{padding:.75rem 1rem;border-radius:.4rem;background:#fff8c5;border:1px solid #d4a72c}
.ok{background:#dafbe1;border-color:#4ac26b}.bad{background:#ffebe9;border-color:#ff8182}
form{display:flex;gap:.75rem;flex-wrap:wrap;margin-top:1.5rem}
button{font:inherit;padding:.55rem 1.2rem;border-radius:.4rem;border:1px solid #8c959f;background:#f6f8fa;cursor:pointer}
button.approve{background:#1f883d;border-color:#1a7f37;color:#fff}button.reject{background:#cf222e;border-color:#a40e26;color:#fff}
button:focus-visible{outline:3px solid #0969da;outline-offset:2px}
footer{margin-top:2.5rem;color:#57606a;font-size:.85rem}
</style>
</head>
<body>
<main>
${body}
</main>
<footer>egress-scout — egress allowlist from AWS Network Firewall logs</footer>
</body>
</html>
`.value;
}

/** CSP for server-rendered pages: nothing but inline styles, forms post only to this origin. */
export const PAGE_CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
