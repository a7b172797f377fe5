// Apollo Client with its persisted-queries link against a live server: the Automatic Persisted Queries exchange.
//
//   node tests/http/apollo_apq.mjs http://127.0.0.1:8000/graphql
//
// Runs one query three times through a fresh cache each time (POST, POST, then GET for hashed queries) and
// prints, as JSON, every HTTP request Apollo sent (whether it carried the query text and the hash) and what
// each answered, then the data of each run. Exits 2 when it cannot run.

import { createHash } from 'node:crypto';
import { ApolloClient, HttpLink, InMemoryCache, gql } from '@apollo/client/core/index.js';
import { createPersistedQueryLink } from '@apollo/client/link/persisted-queries/index.js';

const url = process.argv[2];
if (!url) {
  console.error('usage: node tests/http/apollo_apq.mjs <graphql url>');
  process.exit(2);
}

const exchanges = [];

async function recordingFetch(input, init) {
  const target = new URL(typeof input === 'string' ? input : input.url);
  const body = init?.body ? JSON.parse(init.body) : null;
  const extensions = body?.extensions ?? JSON.parse(target.searchParams.get('extensions') ?? 'null');
  const response = await fetch(input, init);
  const answer = await response.clone().json();
  exchanges.push({
    method: init?.method ?? 'GET',
    sentQuery: Boolean(body?.query ?? target.searchParams.get('query')),
    sentHash: extensions?.persistedQuery?.sha256Hash ?? null,
    status: response.status,
    codes: (answer.errors ?? []).map((error) => error.extensions?.code ?? null),
  });
  return response;
}

const sha256 = (text) => createHash('sha256').update(text).digest('hex');
const QUERY = gql`
  query Count {
    institutions {
      totalCount
    }
  }
`;

function client(useGETForHashedQueries) {
  const link = createPersistedQueryLink({ sha256, useGETForHashedQueries }).concat(
    new HttpLink({ uri: url, fetch: recordingFetch }),
  );
  return new ApolloClient({ link, cache: new InMemoryCache() });
}

const results = [];
try {
  for (const useGET of [false, false, true]) {
    const { data } = await client(useGET).query({ query: QUERY, fetchPolicy: 'network-only' });
    results.push(data);
  }
} catch (err) {
  console.error(`Apollo Client failed: ${err.message}`);
  console.log(JSON.stringify({ exchanges, results }));
  process.exit(1);
}
console.log(JSON.stringify({ exchanges, results }));
