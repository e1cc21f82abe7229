/**
 * The status page's script (inline, allowed by its hash in the page's
 * Content-Security-Policy): polls the data route every second, draws each
 * series as SVG paths and writes each readout's latest value to its
 * `data-latest` attribute. Plain browser JavaScript, no dependency; names
 * and texts from the data go in with `textContent` only.
 */
export const STATUS_PAGE_SCRIPT = `
'use strict';
(function () {
  var url = location.pathname.replace(/\\/+$/, '') + '/bulwark/status';
  var NS = 'http://www.w3.org/2000/svg';
  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function num(v) {
    if (v === null) return '–';
    if (v >= 1e6) return (v / 1e6).toFixed(1) + 'M';
    if (v >= 1e4) return (v / 1e3).toFixed(1) + 'k';
    return String(Math.round(v * 100) / 100);
  }
  function ms(v) {
    if (v === null) return '–';
    if (v >= 1000) return (v / 1000).toFixed(2) + ' s';
    return (v < 10 ? v.toFixed(2) : String(Math.round(v))) + ' ms';
  }
  function pct(v) { return v === null ? '–' : (v * 100).toFixed(v < 0.1 ? 1 : 0) + ' %'; }
  function usd(v) { return '$' + v.toFixed(v < 0.01 ? 6 : 4); }

  function readout(name, value, text) {
    var node = document.querySelector('[data-metric="' + name + '"]');
    node.textContent = text;
    node.setAttribute('data-latest', value === null ? '' : String(value));
  }

  // One path per series over the window; the top of the scale is the largest value.
  function chart(id, series, format) {
    var svg = $(id);
    var max = 0;
    series.forEach(function (values) {
      values.forEach(function (v) { if (v !== null && v > max) max = v; });
    });
    var top = max > 0 ? max * 1.1 : 1;
    clear(svg);
    series.forEach(function (values, index) {
      var d = '';
      var run = 0;
      var step = 300 / Math.max(1, values.length - 1);
      values.forEach(function (v, i) {
        if (v === null) { if (run === 1) d += 'h1'; run = 0; return; }
        d += (run ? 'L' : 'M') + (i * step).toFixed(1) + ' ' + (79 - (v / top) * 76).toFixed(1);
        run += 1;
      });
      if (run === 1) d += 'h1';
      var path = document.createElementNS(NS, 'path');
      path.setAttribute('class', 's' + (index + 1));
      path.setAttribute('d', d);
      svg.appendChild(path);
    });
    $(id + '-max').textContent = max > 0 ? 'max ' + format(max) : '';
  }

  function perRequest(parts, wholes) {
    return parts.map(function (part, i) { return wholes[i] ? part / wholes[i] : null; });
  }

  // Horizontal bars of one model field, largest first.
  function bars(id, models, field, format) {
    var table = $(id);
    var names = Object.keys(models).sort(function (a, b) { return models[b][field] - models[a][field]; });
    var top = names.length ? models[names[0]][field] : 0;
    clear(table);
    if (!names.length) {
      var empty = el('tr');
      empty.appendChild(el('td', 'muted', 'no calls in the window'));
      table.appendChild(empty);
    }
    names.forEach(function (name) {
      var value = models[name][field];
      var row = el('tr');
      row.setAttribute('data-model', name);
      row.setAttribute('data-latest', String(value));
      row.appendChild(el('td', '', name));
      var cell = el('td', 'bar');
      var bar = el('span');
      bar.style.width = (top > 0 ? (value / top) * 100 : 0).toFixed(1) + '%';
      cell.appendChild(bar);
      row.appendChild(cell);
      row.appendChild(el('td', 'num', format(value)));
      table.appendChild(row);
    });
  }

  function breakers(status) {
    var list = $('breakers');
    var names = Object.keys(status.deployments);
    clear(list);
    var entries = names.length
      ? names.map(function (name) { return [name, status.deployments[name]]; })
      : [['upstream', { circuit: status.circuit, usable: status.circuit !== 'open' }]];
    entries.forEach(function (entry) {
      var row = el('tr');
      row.setAttribute('data-upstream', entry[0]);
      row.setAttribute('data-state', entry[1].circuit);
      var pill = el('td');
      pill.appendChild(el('span', 'pill ' + entry[1].circuit, entry[1].circuit));
      row.appendChild(el('td', '', entry[0]));
      row.appendChild(pill);
      row.appendChild(el('td', 'num muted', entry[1].usable ? 'usable' : 'skipped'));
      list.appendChild(row);
    });
    readout('breakers', status.circuit, status.circuit);
    $('breakers-flight').textContent = status.inFlight + ' in flight, ' + status.queued + ' queued';
  }

  // The seconds since the gateway started (at least a minute), up to the whole window.
  function visible(s) {
    var shown = Math.max(60, Math.floor(s.now / 1000) - Math.floor(s.startedAt / 1000) + 1);
    var from = Math.max(0, s.series.t.length - shown);
    var out = {};
    Object.keys(s.series).forEach(function (name) { out[name] = s.series[name].slice(from); });
    return out;
  }

  function render(s) {
    var r = s.recent;
    var x = visible(s);
    var span = x.t.length >= 120 ? 'last ' + Math.round(x.t.length / 60) + ' min' : 'last ' + x.t.length + ' s';
    var over = r.seconds >= 60 ? 'last minute' : 'last ' + r.seconds + ' s';
    Array.prototype.forEach.call(document.querySelectorAll('.over'), function (node) {
      node.textContent = over;
    });
    Array.prototype.forEach.call(document.querySelectorAll('.span'), function (node) {
      node.textContent = span;
    });
    readout('requests-per-second', r.requestsPerSecond, num(r.requestsPerSecond));
    chart('c-requests', [x.requests], num);
    readout('latency-p50', r.latencyP50Ms, ms(r.latencyP50Ms));
    readout('latency-p99', r.latencyP99Ms, ms(r.latencyP99Ms));
    chart('c-latency', [x.latencyP50Ms, x.latencyP99Ms], ms);
    readout('ttft-p50', r.ttftP50Ms, ms(r.ttftP50Ms));
    readout('ttft-p99', r.ttftP99Ms, ms(r.ttftP99Ms));
    chart('c-ttft', [x.ttftP50Ms, x.ttftP99Ms], ms);
    readout('error-rate', r.errorRate, pct(r.errorRate));
    readout('rate-429', r.rateLimitedRate, pct(r.rateLimitedRate));
    chart('c-errors', [perRequest(x.errors, x.requests), perRequest(x.rateLimited, x.requests)], pct);
    var codes = Object.keys(s.errorCodes).map(function (code) { return code + ' ×' + s.errorCodes[code]; });
    $('error-codes').textContent = codes.length ? 'failed calls: ' + codes.join(', ') : 'no failed calls';
    readout('cache-hit-rate', r.cacheHitRate, pct(r.cacheHitRate));
    var lookups = x.cacheHits.map(function (hits, i) { return hits + x.cacheMisses[i]; });
    chart('c-cache', [perRequest(x.cacheHits, lookups)], pct);
    bars('m-tokens', s.models, 'totalTokens', num);
    bars('m-cost', s.models, 'costUsd', usd);
    breakers(s.breakers);
    var t = s.totals;
    $('totals').textContent = 'Since start: ' + t.requests + ' calls, ' + t.errors + ' failed, ' +
      num(t.promptTokens + t.completionTokens) + ' tokens, ' + usd(t.costUsd);
    $('updated').textContent = 'updated ' + new Date(s.now).toLocaleTimeString();
  }

  function poll() {
    fetch(url, { cache: 'no-store', credentials: 'same-origin', headers: { accept: 'application/json' } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status === 401 ? 'sign in again (401)' : 'HTTP ' + response.status);
        return response.json();
      })
      .then(render)
      .then(function () { $('notice').textContent = ''; }, function (error) {
        $('notice').textContent = 'Not updating: ' + error.message;
      })
      .then(function () { setTimeout(poll, document.hidden ? 5000 : 1000); });
  }
  poll();
})();
`;
