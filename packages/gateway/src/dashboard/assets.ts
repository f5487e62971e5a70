/**
 * The dashboard's static files: our stylesheet and small script (strings in this module, so the
 * package needs no asset copying), and htmx read once from its npm package's dist folder — never
 * copied into this repository, never fetched from a CDN, so the pages work offline.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export const STYLESHEET = `
:root { --fg:#1b1f24; --muted:#4a5360; --bg:#ffffff; --panel:#f4f6f8; --line:#c9d1d9; --accent:#0b5cad; --accent-fg:#ffffff;
  --ok:#1a6b32; --bad:#a4161a; --warn:#7a4b00; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
* { box-sizing: border-box; }
body { margin:0; color:var(--fg); background:var(--bg); line-height:1.45; }
a { color:var(--accent); }
:focus-visible { outline:3px solid #f5a623; outline-offset:2px; }
.skip { position:absolute; left:-999px; top:0; background:var(--accent); color:var(--accent-fg); padding:.5rem 1rem; }
.skip:focus { left:0; z-index:10; }
header.top { display:flex; flex-wrap:wrap; align-items:center; justify-content:space-between; gap:.5rem; padding:.6rem 1rem; background:#0d2538; color:#fff; }
header.top a, header.top .who { color:#fff; }
header.top form { display:inline; }
.brand { font-weight:700; font-size:1.1rem; color:#fff; text-decoration:none; }
nav.main ul { list-style:none; display:flex; flex-wrap:wrap; gap:.25rem; margin:0; padding:.4rem 1rem; background:var(--panel); border-bottom:1px solid var(--line); }
nav.main a { display:block; padding:.35rem .6rem; border-radius:4px; text-decoration:none; }
nav.main a[aria-current="page"] { background:var(--accent); color:var(--accent-fg); }
main { padding:1rem; max-width:1200px; margin:0 auto; }
h1 { font-size:1.5rem; margin:.2rem 0 1rem; }
h2 { font-size:1.15rem; margin:1.5rem 0 .5rem; }
table { border-collapse:collapse; width:100%; margin:.5rem 0 1rem; }
th, td { text-align:left; padding:.4rem .5rem; border-bottom:1px solid var(--line); vertical-align:top; }
th { background:var(--panel); }
.table-wrap { overflow-x:auto; }
form.stack { display:grid; gap:.7rem; max-width:34rem; }
form.inline { display:inline; }
.filters { display:flex; flex-wrap:wrap; gap:.6rem; align-items:flex-end; margin-bottom:.5rem; }
.filters label, form.stack label { display:flex; flex-direction:column; gap:.2rem; font-weight:600; }
input, select, textarea { font:inherit; padding:.4rem .5rem; border:1px solid #6b7683; border-radius:4px; color:var(--fg); background:#fff; }
fieldset { border:1px solid var(--line); border-radius:6px; padding:.6rem .8rem; }
legend { font-weight:700; }
.checks { display:flex; flex-wrap:wrap; gap:.4rem 1rem; }
.checks label { flex-direction:row; font-weight:400; align-items:center; }
button, .button { font:inherit; padding:.45rem .9rem; border-radius:4px; border:1px solid var(--accent); background:var(--accent); color:var(--accent-fg); cursor:pointer; text-decoration:none; display:inline-block; }
button.secondary { background:#fff; color:var(--accent); }
button.danger { background:var(--bad); border-color:var(--bad); }
.notice { padding:.6rem .8rem; border-radius:4px; border:1px solid var(--line); background:var(--panel); margin:.5rem 0 1rem; }
.notice.ok { border-color:var(--ok); color:var(--ok); background:#eef7f0; }
.notice.error { border-color:var(--bad); color:var(--bad); background:#fbeeee; }
.status-signed, .up { color:var(--ok); font-weight:600; }
.status-rejected, .down { color:var(--bad); font-weight:600; }
.status-queued, .status-sending, .status-unknown, .degraded { color:var(--warn); font-weight:600; }
.muted { color:var(--muted); }
.field { display:grid; gap:.25rem; }
.field > label { font-weight:600; }
.field-error { color:var(--bad); font-weight:600; }
[aria-invalid="true"] { border-color:var(--bad); border-width:2px; }
.cards { display:grid; grid-template-columns:repeat(auto-fit, minmax(16rem, 1fr)); gap:1rem; }
.card { border:1px solid var(--line); border-radius:6px; padding:.8rem; }
.secret-once { font-family:ui-monospace, monospace; word-break:break-all; padding:.5rem; background:var(--panel); border:1px dashed var(--fg); }
.chart { width:100%; height:auto; max-width:900px; border:1px solid var(--line); }
.chart .req { fill:none; stroke:#0b5cad; stroke-width:1.5; }
.chart .err { fill:none; stroke:#a4161a; stroke-width:1.5; }
.chart .axis { stroke:#4a5360; stroke-width:1; }
.chart text { fill:#1b1f24; font-size:11px; }
.legend .req-key { color:#0b5cad; font-weight:700; } .legend .err-key { color:#a4161a; font-weight:700; }
.qr { width:180px; height:180px; }
.login { max-width:24rem; margin:3rem auto; }
dl.facts { display:grid; grid-template-columns:max-content 1fr; gap:.3rem 1rem; }
dl.facts dt { font-weight:600; }
@media (max-width: 640px) { main { padding:.6rem; } th, td { padding:.3rem; font-size:.92rem; } header.top { flex-direction:column; align-items:flex-start; } }
`;

/** Copy buttons (`data-copy="element id"`), the one thing plain HTML cannot do. */
export const SCRIPT = `
document.addEventListener('click', function (event) {
  var button = event.target.closest('[data-copy]');
  if (!button) return;
  var source = document.getElementById(button.getAttribute('data-copy'));
  if (!source || !navigator.clipboard) return;
  navigator.clipboard.writeText(source.textContent.trim()).then(function () {
    button.textContent = 'Copied';
  });
});
`;

let htmxSource: string | undefined;
/** htmx's minified build, from node_modules (resolved like an import, so hoisting does not matter). */
export function htmxScript(): string {
  htmxSource ??= readFileSync(createRequire(import.meta.url).resolve('htmx.org/dist/htmx.min.js'), 'utf8');
  return htmxSource;
}

/** The htmx version is part of its URL, so a long immutable cache is safe across upgrades. */
export function htmxVersion(): string {
  const pkg = JSON.parse(readFileSync(createRequire(import.meta.url).resolve('htmx.org/package.json'), 'utf8')) as { version: string };
  return pkg.version;
}
