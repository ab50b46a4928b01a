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

/**
 * The page shell every server-rendered page shares: no script at all, one stylesheet from this origin.
 * The stylesheet's href is relative, so it resolves under any API stage prefix.
 */
export function page(title: string, body: SafeHtml, stylesheetHref = '../assets/egress-scout.css'): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title} · egress-scout</title>
<link rel="stylesheet" href="${stylesheetHref}">
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
