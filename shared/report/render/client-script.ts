/**
 * The page script (plain ES2020, run by the reader's browser next to the inlined uPlot): reads the
 * report data and the chart plans from their JSON elements, draws every chart with Europe/Madrid
 * time axes, redraws the forecast charts when the reader picks a stage or a supply, and resizes
 * the charts to A4 width for printing. Kept as text because the browser, not Node, runs it.
 */
export const CLIENT_SCRIPT = String.raw`
(function () {
  'use strict';
  var TZ = 'Europe/Madrid';
  var PRINT_WIDTH = 680;
  var MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  var read = function (id) { return JSON.parse(document.getElementById(id).textContent); };
  var data = read('mce-report-data');
  var page = read('mce-chart-plans');
  var charts = {};
  var printing = false;
  var stageInput = document.querySelector('input[name="stage"]:checked');
  var supplySelect = document.getElementById('supply-select');
  var state = {
    stage: stageInput ? stageInput.value : 'prod',
    supply: supplySelect ? supplySelect.value : null
  };

  var pad = function (n) { return (n < 10 ? '0' : '') + n; };
  var local = function (s) { return uPlot.tzDate(new Date(s * 1000), TZ); };
  var dayText = function (d) { return d.getDate() + ' ' + MONTHS[d.getMonth()]; };
  var dateText = function (d) { return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()); };
  var timeText = function (d) { return pad(d.getHours()) + ':' + pad(d.getMinutes()); };

  function valueText(format, v) {
    if (v == null || !isFinite(v)) return '–';
    if (format === 'kwh') return v.toFixed(Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 2) + ' kWh';
    if (format === 'pct') return v.toFixed(1) + ' %';
    if (format === 'p') return v < 0.001 ? v.toExponential(1) : String(+v.toPrecision(2));
    return String(+v.toPrecision(3));
  }
  function tickText(format, v) {
    if (v == null) return '';
    if (format === 'p') return v < 0.001 ? v.toExponential(0) : String(+v.toPrecision(2));
    if (format === 'pct') return String(+v.toFixed(1));
    return String(+v.toPrecision(4));
  }

  function xAxis(plan) {
    return {
      label: plan.x === 'hour' ? 'Hour ending, Europe/Madrid time' : 'Day (Europe/Madrid)',
      labelSize: 20,
      size: function (u, values) {
        var twoLines = (values || []).some(function (v) { return String(v).indexOf('\n') >= 0; });
        return twoLines ? 50 : 34;
      },
      values: function (u, splits, axisIdx, space, incr) {
        return splits.map(function (s) {
          var d = local(s);
          if (plan.x === 'day' || incr >= 86400) return dayText(d);
          return d.getHours() === 0 ? dayText(d) + '\n00:00' : timeText(d);
        });
      }
    };
  }
  // Log axes: one tick per power of ten, thinned to at most seven.
  function decades(u, axisIdx, min, max) {
    var lo = Math.floor(Math.log10(min));
    var hi = Math.ceil(Math.log10(max));
    var step = Math.max(1, Math.ceil((hi - lo) / 6));
    var out = [];
    for (var e = hi; e >= lo; e -= step) out.unshift(Math.pow(10, e));
    return out;
  }
  function yAxis(plan) {
    var axis = {
      label: plan.y.label,
      size: 64,
      values: function (u, splits) { return splits.map(function (v) { return tickText(plan.y.format, v); }); }
    };
    if (plan.y.log) {
      axis.splits = decades;
      axis.filter = function (u, splits) { return splits; };
    }
    return axis;
  }
  function yScale(plan) {
    if (plan.y.log) return { distr: 3, log: 10, range: function (u, lo, hi) {
      var top = plan.y.max != null ? plan.y.max : hi;
      return [Math.min(lo || top / 10, top / 10), top];
    } };
    return { range: function (u, lo, hi) {
      var min = plan.y.min != null ? plan.y.min : lo;
      var max = plan.y.max != null ? plan.y.max : (hi == null ? 1 : hi + (hi - min) * 0.08);
      return [min, max > min ? max : min + 1];
    } };
  }
  function seriesOpts(s, format) {
    return {
      label: s.label,
      stroke: s.color,
      width: s.width || 1.5,
      dash: s.dash,
      points: { show: !!s.points, size: 6 },
      value: function (u, v) { return valueText(format, v); }
    };
  }

  function forecastSeries() {
    var color = page.colors[state.stage] || page.colors.prod;
    return {
      series: [
        { label: 'Actual', color: page.colors.actual, width: 1.5 },
        { label: 'Forecast ' + state.stage, color: color, width: 1.75 },
        { label: 'p10', color: color + '55', width: 0.75 },
        { label: 'p90', color: color + '55', width: 0.75 }
      ],
      bands: [{ series: [4, 3], fill: color + '2e' }]
    };
  }
  function forecastSource(plan) {
    if (plan.source === 'fleet') return data.forecasts.fleet;
    for (var i = 0; i < data.forecasts.supplies.length; i++) {
      if (data.forecasts.supplies[i].cups === state.supply) return data.forecasts.supplies[i];
    }
    return null;
  }
  function forecastColumns(plan) {
    var source = forecastSource(plan);
    var xs = source ? source.hourEnd.map(function (t) { return t / 1000; }) : [];
    var kwh = function (v) { return v == null ? null : v / 1000; };
    var h = source && source.stages[state.stage];
    if (!h) return [xs, xs.map(function () { return null; }), xs.map(function () { return null; }), xs.map(function () { return null; }), xs.map(function () { return null; })];
    return [xs, h.actualWh.map(kwh), h.wh.map(kwh), h.p10.map(kwh), h.p90.map(kwh)];
  }

  function size(el) {
    var width = printing ? PRINT_WIDTH : Math.max(320, el.clientWidth);
    return { width: width, height: printing ? 230 : 300 };
  }

  function draw(plan) {
    var el = document.getElementById(plan.id);
    if (charts[plan.id]) charts[plan.id].destroy();
    el.textContent = '';
    var spec = plan.kind === 'forecast' ? forecastSeries() : { series: plan.series, bands: [] };
    var columns = plan.kind === 'forecast' ? forecastColumns(plan) : plan.data;
    var box = size(el);
    var xSeries = {
      label: plan.x === 'hour' ? 'Hour ending' : 'Day',
      value: function (u, v) {
        if (v == null) return '–';
        var d = local(v);
        return plan.x === 'hour' ? dateText(d) + ' ' + timeText(d) : dateText(d);
      }
    };
    var opts = {
      width: box.width,
      height: box.height,
      tzDate: local,
      scales: { x: { time: true }, y: yScale(plan) },
      axes: [xAxis(plan), yAxis(plan)],
      series: [xSeries].concat(spec.series.map(function (s) { return seriesOpts(s, plan.y.format); })),
      bands: spec.bands,
      cursor: { drag: { x: true, y: false } },
      legend: { live: true }
    };
    if (plan.x === 'day') opts.axes[0].incrs = [86400, 2 * 86400, 7 * 86400, 14 * 86400, 28 * 86400];
    charts[plan.id] = new uPlot(opts, columns, el);
  }

  function summaryOf(plan) {
    var key = plan.source === 'fleet' ? 'fleet' : state.supply;
    var byStage = plan.summaries[key] || {};
    return byStage[state.stage] || '';
  }
  function redrawForecasts() {
    page.charts.forEach(function (plan) {
      if (plan.kind !== 'forecast') return;
      draw(plan);
      var summary = document.getElementById('summary-' + plan.id);
      if (summary) summary.textContent = summaryOf(plan);
    });
  }

  function resizeAll() {
    page.charts.forEach(function (plan) {
      var u = charts[plan.id];
      if (u) u.setSize(size(document.getElementById(plan.id)));
    });
  }
  function setPrinting(on) {
    if (printing === on) return;
    printing = on;
    document.querySelectorAll('details').forEach(function (d) {
      if (on) { d.dataset.wasOpen = d.open ? '1' : ''; d.open = true; } else { d.open = d.dataset.wasOpen === '1'; }
    });
    resizeAll();
  }

  page.charts.forEach(draw);
  document.querySelectorAll('input[name="stage"]').forEach(function (input) {
    input.addEventListener('change', function () { state.stage = input.value; redrawForecasts(); });
  });
  if (supplySelect) {
    supplySelect.addEventListener('change', function () { state.supply = supplySelect.value; redrawForecasts(); });
  }
  var resizeTimer = 0;
  window.addEventListener('resize', function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(resizeAll, 120);
  });
  window.addEventListener('beforeprint', function () { setPrinting(true); });
  window.addEventListener('afterprint', function () { setPrinting(false); });
  window.matchMedia('print').addEventListener('change', function (e) { setPrinting(e.matches); });
  document.documentElement.setAttribute('data-charts', String(page.charts.length));
})();
`;
