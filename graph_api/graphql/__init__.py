"""The GraphQL schema: types, inputs, pagination, queries, mutations, execution and extensions."""
