/** The report's stylesheet: a laptop-width page on screen, A4 with a page per section in print. */
export const REPORT_CSS = `
:root { --ink: #1a1a1a; --muted: #5a5a5a; --line: #d9d9d9; --panel: #f6f7f9; --prod: #0072B2; --pre: #D55E00; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1120px; padding: 24px 32px 48px; color: var(--ink);
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", "Liberation Sans", sans-serif; }
header h1 { font-size: 1.7rem; margin: 0 0 4px; }
header .meta { color: var(--muted); margin: 0 0 12px; }
h2 { font-size: 1.35rem; border-bottom: 2px solid var(--ink); padding-bottom: 4px; margin: 40px 0 12px; }
h3 { font-size: 1.05rem; margin: 22px 0 4px; }
nav ol { display: flex; flex-wrap: wrap; gap: 6px 18px; padding: 0; margin: 8px 0 0; list-style: none; }
nav a { color: var(--prod); }
.glance { display: grid; grid-template-columns: repeat(auto-fit, minmax(190px, 1fr)); gap: 10px; margin: 16px 0 0; padding: 0; list-style: none; }
.glance li { background: var(--panel); border-radius: 6px; padding: 10px 12px; }
.glance .k { display: block; color: var(--muted); font-size: 0.82rem; }
.glance .v { font-size: 1.15rem; font-weight: 600; }
.summary { color: #333; max-width: 80ch; margin: 4px 0 8px; }
.empty { background: var(--panel); border-left: 4px solid var(--line); padding: 14px 16px; color: var(--muted); font-style: italic; }
figure { margin: 0 0 18px; }
.chart { width: 100%; min-height: 300px; }
.svg-chart svg { width: 100%; height: auto; display: block; }
.pair { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
.controls { display: flex; flex-wrap: wrap; align-items: center; gap: 10px 24px; background: var(--panel); border-radius: 6px; padding: 8px 14px; margin: 10px 0; }
.controls fieldset { border: 0; margin: 0; padding: 0; display: flex; gap: 12px; align-items: center; }
.controls legend { float: left; margin-right: 8px; font-weight: 600; }
.controls label[for] { font-weight: 600; }
select { font: inherit; padding: 3px 6px; max-width: 100%; }
table { border-collapse: collapse; width: 100%; margin: 10px 0 16px; font-size: 0.88rem; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
td { white-space: nowrap; }
td.text { white-space: normal; min-width: 18ch; }
th { background: var(--panel); }
td code { font-size: 0.85em; }
details summary { cursor: pointer; color: var(--prod); margin: 6px 0; }
.sev { font-weight: 600; padding: 1px 6px; border-radius: 3px; }
.sev.critical { background: #fde2e1; color: #8a1c12; }
.sev.warning { background: #fff1cc; color: #6b4a00; }
.sev.info { background: #e1effa; color: #0b4f7a; }
.state.sent { color: #1d6b2f; font-weight: 600; }
.state.pending { color: #8a1c12; font-weight: 600; }
.when { white-space: nowrap; }
svg text { font-family: inherit; fill: var(--ink); }
svg .tick { font-size: 12px; fill: #333; }
svg .value { font-size: 10px; fill: #333; }
svg .label { font-size: 12px; fill: var(--muted); }
svg .title { font-size: 14px; font-weight: 600; }
svg .grid { stroke: #e6e6e6; stroke-width: 1; }
svg .axis { stroke: #888; stroke-width: 1; }
.u-legend { font-size: 0.82rem; }
.u-legend .u-series th { font-weight: 500; }
.chart-error { color: #8a1c12; }
@page { size: A4 portrait; margin: 14mm 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  nav, details > summary { display: none; }
  .report-section { break-before: page; }
  main > .report-section:first-child { break-before: auto; }
  h2 { margin-top: 0; }
  figure, tr, .controls, .glance li { break-inside: avoid; }
  caption, h3 { break-after: avoid; }
  .chart { min-height: 0; }
  td { white-space: normal; }
  .pair { grid-template-columns: 1fr 1fr; gap: 8px; }
  .controls { background: none; padding: 0; }
  a { color: inherit; text-decoration: none; }
}
`;
