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
  if (missing.length) {
    fail('The explorer could not load ' + missing.join(', ') + ' from this server. Reload the page; if this persists, check that the server was installed with "npm ci" and that nothing between you and the server blocks ' + location.origin + '/explorer/assets/.');
    return;
  }
  var h = window.React.createElement;
  var url = new URL(config.graphqlPath, location.href).href;
  // One HTTP fetcher; a graphql-ws client for subscriptions goes here as createFetcher's wsClient.
  var http = window.GraphiQL.createFetcher({ url: url });
  // GraphiQL fetches the schema again whenever its fetcher changes: a new wrapper is how a change
  // of the headers (an API key typed in) makes Docs and autocompletion work without the refresh icon.
  function newFetcher() {
    return function (params, opts) { return http(params, opts); };
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
