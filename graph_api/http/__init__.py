"""The HTTP app: routes, the GraphQL view, the explorer and its static files."""
