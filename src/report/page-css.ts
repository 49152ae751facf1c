// The report page's stylesheet, inlined by html.ts.

// Why: one stylesheet for the report: readable tables, a verdict badge, charts and OOM markers.
export const PAGE_CSS = `
:root { --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --bg: #ffffff; --soft: #f6f8fa;
  --pass: #1a7f37; --fail: #cf222e; --oom: #cf222e; }
* { box-sizing: border-box; }
body { margin: 0; padding: 24px 32px 48px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
  color: var(--fg); background: var(--bg); }
main { max-width: 1180px; margin: 0 auto; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 0; display: flex; align-items: center; gap: 10px; flex-wrap: wrap; }
h3 { font-size: 15px; margin: 22px 0 8px; }
.lead, .meta, .caption { color: var(--muted); }
.meta { font-size: 12.5px; margin: 2px 0 0; }
.caption { font-size: 12.5px; margin: 0 0 6px; }
section.run, section.matrix, section.fleet { border: 1px solid var(--line); border-radius: 8px; padding: 18px 22px; margin: 20px 0; }
.desc { margin: 6px 0 0; }
.badge { font-size: 12px; font-weight: 600; padding: 2px 9px; border-radius: 999px; color: #fff; text-transform: uppercase; letter-spacing: .03em; }
.badge.pass { background: var(--pass); } .badge.fail { background: var(--fail); }
table.grid { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
table.grid th, table.grid td { border-bottom: 1px solid var(--line); padding: 5px 10px; text-align: left; white-space: nowrap; }
table.grid td.num, table.grid th.num { text-align: right; }
table.grid th { background: var(--soft); font-weight: 600; }
table.grid td.name { white-space: normal; word-break: break-all; }
section.fleet h2 .caption { font-weight: normal; font-size: 13px; margin: 0; }
section.fleet td a { color: #0550ae; }
table.grid td.wrap { white-space: normal; overflow-wrap: anywhere; }
.outcome-oom-killed, .outcome-runtime-oom, .outcome-killed, .outcome-crashed, .outcome-malloc-failed, .outcome-timed-out { color: var(--fail); font-weight: 600; }
.chart { width: 100%; min-height: 40px; }
.nodata { color: var(--muted); font-style: italic; }
ul.assertions { list-style: none; padding: 0; margin: 0; }
ul.assertions li { padding: 4px 0; border-bottom: 1px dashed var(--line); }
.mark { display: inline-block; min-width: 64px; margin-right: 6px; font-weight: 700; }
.scale-toggle { display: flex; gap: 0; justify-content: flex-end; margin: -4px 0 4px; font-size: 12px; color: var(--muted); align-items: center; }
.scale-toggle span { margin-right: 6px; }
.scale-toggle button { font: inherit; border: 1px solid var(--line); background: #fff; padding: 2px 10px; cursor: pointer; color: var(--fg); }
.scale-toggle button:first-of-type { border-radius: 6px 0 0 6px; } .scale-toggle button:last-of-type { border-radius: 0 6px 6px 0; border-left: 0; }
.scale-toggle button[aria-pressed="true"] { background: #ddf4ff; border-color: #54aeff; font-weight: 600; }
li.pass .mark { color: var(--pass); } li.fail .mark { color: var(--fail); }
.detail { color: var(--muted); }
li.fail .detail { color: var(--fail); }
ol.kills { padding-left: 22px; margin: 0; }
ol.kills li { margin: 3px 0; }
button.kill { font: inherit; text-align: left; background: none; border: 0; padding: 0; color: #0550ae; cursor: pointer; text-decoration: underline dotted; }
button.kill.selected { font-weight: 600; }
.sources { color: var(--muted); font-size: 12px; }
pre.report { background: #0d1117; color: #e6edf3; padding: 12px 14px; border-radius: 6px; overflow: auto; max-height: 420px;
  font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; white-space: pre; }
.report-title { font-weight: 600; margin: 10px 0 4px; }
.oom-line { position: absolute; top: 0; bottom: 0; width: 0; border-left: 2px dashed var(--oom); pointer-events: none; z-index: 5; }
.oom-flag { position: absolute; top: 2px; transform: translateX(-50%); z-index: 6; font: 600 11px/1.2 system-ui, sans-serif;
  color: #fff; background: var(--oom); border: 0; border-radius: 4px; padding: 2px 6px; cursor: pointer; white-space: nowrap;
  max-width: 260px; overflow: hidden; text-overflow: ellipsis; }
.oom-flag:hover, .oom-flag:focus { background: #a40e26; outline: none; }
.u-legend { font-size: 12.5px; }
.u-legend .u-marker { width: 1.4em; height: .9em; }
details.output { margin: 4px 0; } details.output summary { cursor: pointer; }
pre.output { background: var(--soft); border: 1px solid var(--line); padding: 8px 10px; border-radius: 6px; overflow: auto; max-height: 320px;
  font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; white-space: pre-wrap; overflow-wrap: anywhere; margin: 4px 0 8px; }
.evidence { font: 12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
footer { color: var(--muted); font-size: 12px; margin-top: 28px; }
`;
