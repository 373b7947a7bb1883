/*
 * An example dashboard for the ISOF <-> IdoSell middleware, written for people building their own.
 * It is plain JavaScript with no framework and no build step, and it uses only the public GraphQL
 * API at /graphql with a viewer key:
 *  - the shops, and each shop's last run per kind with its counts (query DASHBOARD);
 *  - a chart of items by outcome over each shop's last runs (drawn as SVG from the same answer);
 *  - the failed items of a chosen run with their messages (query FAILED_ITEMS);
 *  - a running run followed live through the subscription syncRunUpdated(id) (subscription LIVE), over
 *    a WebSocket with graphql-ws's browser client (the global `graphqlWs`, served by this server at
 *    /explorer/assets/graphql-ws.min.js); when the WebSocket cannot be opened (a proxy in between that
 *    drops the Upgrade header, say), by asking syncRun(id) every 2 seconds instead (query FOLLOW).
 * The page's Content-Security-Policy allows nothing but this server (its WebSocket included), and no
 * inline script or style: the page sets styles through classes only.
 */
(function () {
  'use strict';

  // The shops, and the last 50 runs of every shop (newest first), with their counts.
  var DASHBOARD = 'query Dashboard {\n' +
    '  shops { id name active }\n' +
    '  syncRuns(first: 50) { edges { node {\n' +
    '    id kind status total processed succeeded failed skipped createdAt finishedAt error shop { id }\n' +
    '  } } }\n' +
    '}';
  // The failed items of one run: what each is about (ref), its stable code, and a sentence to act on.
  var FAILED_ITEMS = 'query FailedItems($id: ID!) {\n' +
    '  syncRun(id: $id) { id kind status items(outcome: FAILED, first: 100) { totalCount edges { node { ref errorCode message } } } }\n' +
    '}';
  // One run's progress, sent by the server as it changes (at least every few seconds while the run
  // runs, and once more when it ends; then the subscription completes).
  var LIVE = 'subscription Live($id: ID!) { syncRunUpdated(id: $id) { id kind status total processed succeeded failed skipped error } }';
  // The same, asked for every 2 seconds: only when the WebSocket cannot be opened.
  var FOLLOW = 'query Follow($id: ID!) { syncRun(id: $id) { id kind status total processed succeeded failed skipped error } }';

  var POLL_MS = 2000;
  var CHART_RUNS = 10;
  var OUTCOMES = ['SUCCEEDED', 'FAILED', 'SKIPPED'];
  var STORAGE_KEY = 'isof-idosell-dashboard-key';
  var $ = function (id) { return document.getElementById(id); };
  // The key lives in this variable; it goes to localStorage only when "remember" is ticked.
  var apiKey = localStorage.getItem(STORAGE_KEY) || '';
  var following = null;

  function gql(query, variables) {
    return fetch('/graphql', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + apiKey },
      body: JSON.stringify({ query: query, variables: variables || {} })
    }).then(function (res) { return res.json(); }).then(function (body) {
      // Every error the server answers carries extensions.code and a sentence a person can act on.
      if (body.errors && body.errors.length) {
        var e = body.errors[0];
        throw new Error(e.message + (e.extensions && e.extensions.code ? ' (' + e.extensions.code + ')' : ''));
      }
      return body.data;
    });
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) { node.append(c); });
    return node;
  }
  function svg(tag, attrs) {
    var node = document.createElementNS('http://www.w3.org/2000/svg', tag);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, String(attrs[k])); });
    return node;
  }
  function showError(err) { $('error').textContent = err ? String(err.message || err) : ''; }

  function load() {
    showError(null);
    return gql(DASHBOARD).then(render).catch(showError);
  }

  function render(data) {
    var runs = data.syncRuns.edges.map(function (e) { return e.node; });
    var box = $('shops');
    box.textContent = '';
    data.shops.forEach(function (shop) {
      var mine = runs.filter(function (r) { return r.shop.id === shop.id; });
      var section = el('section', { class: 'shop', 'data-shop-id': shop.id }, [el('h2', {}, [shop.name + (shop.active ? '' : ' (inactive)')])]);
      section.append(lastRunsTable(mine), chart(mine.slice(0, CHART_RUNS).reverse()));
      box.append(section);
    });
    var running = runs.filter(function (r) { return r.status === 'RUNNING' || r.status === 'QUEUED'; })[0];
    if (running && !following) follow(running.id);
  }

  // The newest run of each kind: runs come newest first, so the first one seen per kind.
  function lastRunsTable(runs) {
    var seen = {};
    var table = el('table', { class: 'last-runs' }, [el('tr', {}, ['Kind', 'Run', 'Status', 'Total', 'Succeeded', 'Failed', 'Skipped'].map(function (h) { return el('th', {}, [h]); }))]);
    runs.forEach(function (r) {
      if (seen[r.kind]) return;
      seen[r.kind] = true;
      var link = el('button', { class: 'link', type: 'button', 'data-run-id': r.id }, ['#' + r.id]);
      link.addEventListener('click', function () { showFailed(r.id); });
      table.append(el('tr', { 'data-kind': r.kind }, [
        el('td', {}, [r.kind]), el('td', {}, [link]), el('td', { class: 'status' }, [r.status]),
        el('td', { class: 'num total' }, [String(r.total)]), el('td', { class: 'num succeeded' }, [String(r.succeeded)]),
        el('td', { class: 'num failed' }, [String(r.failed)]), el('td', { class: 'num skipped' }, [String(r.skipped)])
      ]));
    });
    if (!runs.length) table.append(el('tr', {}, [el('td', { colspan: '7' }, ['No runs yet.'])]));
    return table;
  }

  // One stacked bar per run (oldest left), its height proportional to the run's items.
  function chart(runs) {
    var width = 40 * Math.max(runs.length, 1) + 20;
    var height = 140;
    var most = Math.max.apply(null, runs.map(function (r) { return r.succeeded + r.failed + r.skipped; }).concat([1]));
    var root = svg('svg', { class: 'chart', width: width, height: height + 30, viewBox: '0 0 ' + width + ' ' + (height + 30), role: 'img' });
    root.append(svg('title', {}));
    root.firstChild.textContent = 'Items by outcome over the last ' + runs.length + ' runs';
    runs.forEach(function (r, i) {
      var y = height;
      OUTCOMES.forEach(function (outcome) {
        var count = r[outcome.toLowerCase()];
        if (!count) return;
        var h = Math.max(1, Math.round((count / most) * (height - 10)));
        y -= h;
        var bar = svg('rect', { class: 'bar bar-' + outcome, x: 10 + i * 40, y: y, width: 28, height: h, 'data-run-id': r.id, 'data-outcome': outcome, 'data-count': count });
        bar.append(svg('title', {}));
        bar.firstChild.textContent = 'Run #' + r.id + ' (' + r.kind + '): ' + count + ' ' + outcome.toLowerCase();
        root.append(bar);
      });
      var label = svg('text', { x: 10 + i * 40, y: height + 15, 'font-size': 10 });
      label.textContent = '#' + r.id;
      root.append(label);
    });
    return root;
  }

  function showFailed(id) {
    return gql(FAILED_ITEMS, { id: id }).then(function (data) {
      var box = $('failed');
      var run = data.syncRun;
      box.hidden = false;
      box.textContent = '';
      box.append(el('h2', {}, ['Failed items of run #' + run.id + ' (' + run.kind + ', ' + run.status + '): ' + run.items.totalCount]));
      var list = el('ul', {}, []);
      run.items.edges.forEach(function (e) {
        var n = e.node;
        list.append(el('li', { class: 'failed-item' }, [el('code', { class: 'ref' }, [n.ref]), ' ', el('code', {}, [n.errorCode || '']), ': ', n.message || '']));
      });
      box.append(list);
    }).catch(showError);
  }

  function showRun(r) {
    $('follow').setAttribute('data-status', r.status);
    $('follow-state').textContent = 'Run #' + r.id + ' (' + r.kind + '): ' + r.status + ', ' + r.processed + ' of ' + r.total +
      ' processed (' + r.succeeded + ' succeeded, ' + r.failed + ' failed, ' + r.skipped + ' skipped)' + (r.error ? ': ' + r.error : '');
  }
  function setMode(mode, sentence) {
    $('follow').setAttribute('data-mode', mode);
    $('follow-mode').textContent = sentence;
  }
  // The run has ended (or cannot be followed): show the whole page again, with its final counts.
  function stopFollowing() {
    following = null;
    load();
  }

  // Follows a run through the subscription: one WebSocket to /graphql, the key in its first message.
  function follow(id) {
    following = id;
    $('follow').hidden = false;
    if (!window.graphqlWs) {
      poll(id, 'the WebSocket client (graphql-ws) did not load');
      return;
    }
    var client = window.graphqlWs.createClient({
      // ws:// beside http://, wss:// beside https://; the same path as the queries.
      url: location.origin.replace(/^http/, 'ws') + '/graphql',
      // A browser cannot set headers on a WebSocket: the key goes in connection_init, the socket's
      // first message, in the shape the HTTP header has.
      connectionParams: { Authorization: 'Bearer ' + apiKey },
      // No reconnecting here: a socket that fails hands over to polling below.
      retryAttempts: 0
    });
    setMode('live', 'Following live (WebSocket subscription): the server sends each change.');
    client.subscribe({ query: LIVE, variables: { id: id } }, {
      next: function (result) {
        if (result.data && result.data.syncRunUpdated) showRun(result.data.syncRunUpdated);
        else if (result.errors && result.errors.length) showError(new Error(result.errors[0].message));
      },
      // The server completes the subscription after the run's last state.
      complete: function () { client.dispose(); stopFollowing(); },
      error: function (err) {
        client.dispose();
        // GraphQL errors (NOT_FOUND, TOO_MANY_SUBSCRIPTIONS...) come as a list, each with its code.
        if (Array.isArray(err)) {
          following = null;
          showError(new Error(err[0].message + (err[0].extensions && err[0].extensions.code ? ' (' + err[0].extensions.code + ')' : '')));
          return;
        }
        // 4401 no key, 4403 key refused: polling would be refused too; the reason says what to send.
        if (err && (err.code === 4401 || err.code === 4403)) {
          following = null;
          showError(new Error(err.reason || 'The server refused the API key (' + err.code + ').'));
          return;
        }
        // Anything else means the socket could not be opened or was cut: ask over HTTP instead.
        poll(id, err && err.code ? 'the WebSocket closed with code ' + err.code : 'the WebSocket could not be opened');
      }
    });
  }

  // The fallback: asks for the run every 2 seconds while it is QUEUED or RUNNING.
  function poll(id, why) {
    setMode('polling', 'Following by asking every ' + POLL_MS / 1000 + ' s (' + why + '; a proxy in between may drop the WebSocket Upgrade).');
    function tick() {
      gql(FOLLOW, { id: id }).then(function (data) {
        var r = data.syncRun;
        showRun(r);
        if (r.status === 'RUNNING' || r.status === 'QUEUED') { setTimeout(tick, POLL_MS); return; }
        stopFollowing();
      }).catch(function (err) { following = null; showError(err); });
    }
    tick();
  }

  $('key').value = apiKey;
  $('remember').checked = Boolean(localStorage.getItem(STORAGE_KEY));
  $('key-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    apiKey = $('key').value.trim();
    if ($('remember').checked) localStorage.setItem(STORAGE_KEY, apiKey);
    else localStorage.removeItem(STORAGE_KEY);
    load();
  });
  $('refresh').addEventListener('click', load);
  if (apiKey) load();
})();
