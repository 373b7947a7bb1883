/**
 * What the explorer page runs in the browser, kept as text: the server sends it as an asset of its
 * own (`/explorer/assets/explorer.js`), so the page needs no inline script and the
 * Content-Security-Policy can forbid inline scripts. It reads its settings from the page's
 * `<script type="application/json" id="explorer-config">` block (data, never executed).
 *
 * Written in plain ES2017 for any browser the people using the explorer may have.
 */
export const EXPLORER_CLIENT_JS = `(function () {
  'use strict';
  var root = document.getElementById('graphiql');
  function fail(sentence) {
    root.textContent = '';
    var p = document.createElement('p');
    p.className = 'explorer-error';
    p.textContent = sentence;
    root.appendChild(p);
  }
  var config;
  try {
    config = JSON.parse(document.getElementById('explorer-config').textContent);
  } catch (e) {
    fail('The explorer page is damaged (its settings cannot be read). Reload the page; if this persists, restart the server.');
    return;
  }
  var missing = [];
  if (!window.React) missing.push('react');
  if (!window.ReactDOM) missing.push('react-dom');
  if (!window.GraphiQL) missing.push('graphiql');
  if (!window.GraphiQLPluginExplorer) missing.push('@graphiql/plugin-explorer');
  if (!window.graphqlWs) missing.push('graphql-ws');
  if (missing.length) {
    fail('The explorer could not load ' + missing.join(', ') + ' from this server. Reload the page; if this persists, check that the server was installed with "npm ci" and that nothing between you and the server blocks ' + location.origin + '/explorer/assets/.');
    return;
  }
  var h = window.React.createElement;
  var url = new URL(config.graphqlPath, location.href).href;
  // Subscriptions go over WebSocket (graphql-ws) to the same address: ws:// beside http://, wss:// beside https://.
  var wsUrl = url.replace(/^http/, 'ws');
  // The Headers pane's text as last typed. The HTTP fetcher gets the headers with every call; a
  // WebSocket sends them once, in connection_init, so the client reads this when it connects.
  var headersText = '';
  function headersObject() {
    try {
      var parsed = JSON.parse(headersText && headersText.trim() ? headersText : '{}');
      return parsed && typeof parsed === 'object' ? parsed : {};
    } catch (e) { return {}; }
  }
  var wsClient = null;
  // What went wrong on the socket, as GraphQL errors: the server's own errors as they are, a close
  // (4401 no key, 4403 wrong key, 1001 shutdown...) with its code and reason, a socket that could
  // not be opened with what to check.
  function errorsOf(err) {
    if (Array.isArray(err)) return err;
    if (err && typeof err.code === 'number') {
      return [{ message: 'The WebSocket closed with code ' + err.code + (err.reason ? ': ' + err.reason : '.'), extensions: { closeCode: err.code } }];
    }
    if (err && err.message) return [{ message: err.message }];
    return [{ message: 'The WebSocket to ' + wsUrl + ' could not be opened. Check that the server is up and that any proxy in between passes the Upgrade header on ' + config.graphqlPath + '.' }];
  }
  // GraphiQL 3 passes a subscription's error into an async iterator nobody awaits, so the browser
  // reports it as an uncaught error; given as a last result instead, it shows in the result pane.
  function asResults(client) {
    return {
      subscribe: function (payload, sink) {
        return client.subscribe(payload, {
          next: function (value) { sink.next(value); },
          complete: function () { sink.complete(); },
          error: function (err) { sink.next({ errors: errorsOf(err) }); sink.complete(); }
        });
      }
    };
  }
  // GraphiQL fetches the schema again whenever its fetcher changes: a new fetcher is how a change of
  // the headers (an API key typed in) makes Docs and autocompletion work without the refresh icon.
  // Each fetcher gets its own WebSocket client (lazy: it connects at the first subscription), and the
  // old one is closed, so a subscription started after the key changed uses the new key.
  function newFetcher() {
    if (wsClient) wsClient.dispose();
    wsClient = window.graphqlWs.createClient({
      url: wsUrl,
      connectionParams: function () { return headersObject(); },
      // A refused key (4401/4403) or a dropped socket is shown in the result pane at once, not retried.
      retryAttempts: 0
    });
    var fetcher = window.GraphiQL.createFetcher({ url: url, wsClient: asResults(wsClient) });
    return function (params, opts) { return fetcher(params, opts); };
  }
  var plugins = window.GraphiQLPluginExplorer ? [window.GraphiQLPluginExplorer.explorerPlugin()] : [];
  function normalise(text) {
    try { return JSON.stringify(JSON.parse(text && text.trim() ? text : '{}')); } catch (e) { return null; }
  }
  function Explorer() {
    var state = window.React.useState(newFetcher);
    var lastHeaders = window.React.useRef(normalise(''));
    var timer = window.React.useRef(0);
    function onEditHeaders(text) {
      headersText = text;
      clearTimeout(timer.current);
      timer.current = setTimeout(function () {
        var now = normalise(text);
        // Half-typed JSON is not worth a request; the next keystroke comes back here.
        if (now === null || now === lastHeaders.current) return;
        lastHeaders.current = now;
        state[1](function () { return newFetcher(); });
      }, 300);
    }
    return h(window.GraphiQL, {
      fetcher: state[0],
      defaultTabs: config.tabs,
      plugins: plugins,
      onEditHeaders: onEditHeaders,
      isHeadersEditorEnabled: true,
      // The key stays out of local storage unless the user ticks "Persist headers" in the settings.
      shouldPersistHeaders: false,
      defaultEditorToolsVisibility: 'headers'
    });
  }
  window.ReactDOM.createRoot(root).render(h(Explorer));
})();
`;

/** Lets the explorer fill the window; GraphiQL's own stylesheet does the rest. */
export const EXPLORER_CSS = `html, body { height: 100%; margin: 0; }
#graphiql { height: 100vh; }
.explorer-error { font: 16px/1.5 system-ui, sans-serif; margin: 2rem; max-width: 40rem; color: #b00020; }
`;
