// The stylesheet of the server-rendered pages (approval pages), served at /assets/egress-scout.css.

export const PAGE_STYLESHEET = `body{font:15px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#1b1f24;background:#fff}
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
`;
