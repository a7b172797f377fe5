// The peer on Neo4j: the Neo4j GraphQL Library (@neo4j/graphql, installed by the suite into bench/.node)
// serving the nested query over the same database, on Node's http server.
//   node bench/neo4j_graphql.mjs <bolt uri> <port>
import http from "node:http";
import { createRequire } from "node:module";

const require = createRequire(new URL("./.node/node_modules/", import.meta.url));
const { Neo4jGraphQL } = require("@neo4j/graphql");
const { graphql } = require("graphql");
const neo4j = require("neo4j-driver");

const [uri, port] = process.argv.slice(2);
const typeDefs = `
  type CoordinationBody @node {
    id: ID!
    name: String!
    members: [Institution!]! @relationship(type: "MEMBER_OF", direction: IN)
  }
  type Institution @node {
    id: ID!
    name: String!
    covers: [MigrantNeed!]! @relationship(type: "COVERS", direction: OUT)
  }
  type MigrantNeed @node {
    id: ID!
    name: String!
  }
`;
const password = process.env.NEO4J_PASSWORD;
const driver = neo4j.driver(uri, password ? neo4j.auth.basic(process.env.NEO4J_USER || "neo4j", password) : undefined);
const schema = await new Neo4jGraphQL({ typeDefs, driver }).getSchema();

const server = http.createServer((req, res) => {
  if (req.method === "GET") { res.writeHead(200); res.end("ok"); return; }
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", async () => {
    const { query, variables } = JSON.parse(Buffer.concat(chunks).toString());
    const result = await graphql({ schema, source: query, variableValues: variables, contextValue: {} });
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(result));
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(port), "127.0.0.1");
