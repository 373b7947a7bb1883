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
  if (missing.length) {
    fail('The explorer could not load ' + missing.join(', ') + ' from this server. Reload the page; if this persists, check that the server was installed with "npm ci" and that nothing between you and the server blocks ' + location.origin + '/explorer/assets/.');
    return;
  }
  var fetcher = window.GraphiQL.createFetcher({ url: new URL(config.graphqlPath, location.href).href });
  var element = window.React.createElement(window.GraphiQL, {
    fetcher: fetcher,
    defaultQuery: config.defaultQuery,
    isHeadersEditorEnabled: true,
    shouldPersistHeaders: false,
    defaultEditorToolsVisibility: 'headers'
  });
  window.ReactDOM.createRoot(root).render(element);
})();
`;

/** Lets the explorer fill the window; GraphiQL's own stylesheet does the rest. */
export const EXPLORER_CSS = `html, body { height: 100%; margin: 0; }
#graphiql { height: 100vh; }
.explorer-error { font: 16px/1.5 system-ui, sans-serif; margin: 2rem; max-width: 40rem; color: #b00020; }
`;
