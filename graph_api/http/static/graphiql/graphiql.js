// GraphiQL with its explorer plugin, as Strawberry's own page sets it up (strawberry/static/graphiql.html),
// in a file of its own so that the page's Content-Security-Policy need not allow inline scripts. Without
// js-cookie and its CSRF header (no cookies here) and without a subscription URL (the API has none).
/* global React, ReactDOM, GraphiQL, GraphiQLPluginExplorer */
'use strict';

const EXAMPLE_QUERY = `# Welcome to migragraph's GraphiQL
#
# Write a query here: GraphiQL completes
# names (Ctrl-Space) and marks mistakes
# from the API's schema (see Docs).
# Run it with Ctrl-Enter or the ▶ button.

{
  search(text: "Cancillería") {
    id
    name
  }
}
`;

// The query, variables and headers travel in the page's URL, so that a query can be shared as a link.
const parameters = {};
for (const entry of window.location.search.slice(1).split('&')) {
  const eq = entry.indexOf('=');
  if (eq >= 0) {
    parameters[decodeURIComponent(entry.slice(0, eq))] = decodeURIComponent(entry.slice(eq + 1));
  }
}

function updateURL(data) {
  Object.assign(parameters, data);
  const search = Object.keys(parameters)
    .filter((key) => Boolean(parameters[key]))
    .map((key) => `${encodeURIComponent(key)}=${encodeURIComponent(parameters[key])}`)
    .join('&');
  history.replaceState(null, '', `?${search}`);
}

const fetcher = GraphiQL.createFetcher({ url: window.location.href.split('?')[0] });

function GraphiQLWithExplorer() {
  const [query, setQuery] = React.useState(parameters.q || EXAMPLE_QUERY);
  const [variables, setVariables] = React.useState(parameters.variables);
  const [headers, setHeaders] = React.useState(parameters.headers);
  const explorer = React.useMemo(() => GraphiQLPluginExplorer.explorerPlugin(), []);

  return React.createElement(GraphiQL, {
    fetcher,
    defaultEditorToolsVisibility: true,
    plugins: [explorer],
    query,
    variables,
    headers,
    onEditQuery(value) {
      setQuery(value);
      updateURL({ q: value });
    },
    onEditVariables(value) {
      setVariables(value);
      updateURL({ variables: value });
    },
    onEditHeaders: setHeaders,
    inputValueDeprecation: true,
    isHeadersEditorEnabled: true,
    shouldPersistHeaders: true,
  });
}

ReactDOM.createRoot(document.getElementById('graphiql')).render(React.createElement(GraphiQLWithExplorer));
