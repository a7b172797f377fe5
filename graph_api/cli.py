"""The `migragraph` command: serve, load, stats, export, sdl."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import json
import sys
from collections.abc import Awaitable, Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import unquote

from graph_api import __version__
from graph_api.model.errors import MigragraphError, UserInputError
from graph_api.model.ontology import load_ontology
from graph_api.model.records import AuditEntry, canonical_json, new_audit_entry
from graph_api.services.auth import Role, new_key
from graph_api.services.coverage import coverage_csv, coverage_matrix
from graph_api.services.exports import ExportFormat, export_text
from graph_api.settings import Settings, redact_url
from graph_api.store.opening import open_store
from graph_api.store.protocol import GraphStore

__all__ = ["main", "settings_for"]


T = TypeVar("T")


def _with_store(settings: Settings, action: Callable[[GraphStore], Awaitable[T]]) -> T:
    async def run() -> T:
        async with open_store(settings.store, load_ontology(), settings.neo4j) as store:
            return await action(store)

    return asyncio.run(run())


def _emit(text: str, output: str | None) -> int:
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from graph_api.http.app import create_app

    print(f"migragraph {__version__}: store {redact_url(settings.store)}", file=sys.stderr)
    print(f"GraphQL (GraphiQL in a browser) at http://{args.host}:{args.port}/graphql", file=sys.stderr)
    uvicorn.run(create_app(settings), host=args.host, port=args.port, log_level=args.log_level)
    return 0


def _cli_audit(action: str, paths: Sequence[Path]) -> AuditEntry:
    """The audit entry of a command-line write: who ran it on this machine, and which files it read."""
    files = [str(p.resolve()) for p in paths]
    return new_audit_entry(
        f"cli:{getpass.getuser()}", "cli", action, ", ".join(files), None, canonical_json({"files": files})
    )


def _load(args: argparse.Namespace, settings: Settings) -> int:
    from loaders.packages.loading import load_paths

    async def action(store: GraphStore) -> int:
        paths = [Path(p) for p in args.paths]
        report = await load_paths(store, paths, load_ontology(), audit=_cli_audit("load", paths))
        print(report)
        return 0

    return _with_store(settings, action)


def _ingest(args: argparse.Namespace, settings: Settings) -> int:
    from loaders.press.ingest import ingest_documents

    metadata = {k: getattr(args, k) for k in ("title", "publisher", "published", "url", "language", "country")}

    async def action(store: GraphStore) -> int:
        paths = [Path(p) for p in args.paths]
        audit = _cli_audit("ingest", paths)
        print(
            await ingest_documents(
                store, load_ontology(), paths, metadata=metadata, accept_new=args.accept_new, audit=audit
            )
        )
        return 0

    return _with_store(settings, action)


def _import_3w(args: argparse.Namespace, settings: Settings) -> int:
    from loaders.threew.importing import import_3w

    async def action(store: GraphStore) -> int:
        paths = [Path(p) for p in args.paths]
        print(await import_3w(store, load_ontology(), paths, audit=_cli_audit("import-3w", paths)))
        return 0

    return _with_store(settings, action)


def _api_key(args: argparse.Namespace, settings: Settings) -> int:
    key, entry = new_key(args.name, Role(args.role))
    print(f"key (give it to {args.name}; it is not stored): {key}")
    print(f"entry (add it to MIGRAGRAPH_API_KEYS or the keys file): {entry}")
    return 0


def _stats(args: argparse.Namespace, settings: Settings) -> int:
    async def action(store: GraphStore) -> int:
        stats = await store.stats()
        if args.json:
            counts = {"nodes": stats.nodes, "relationships": stats.edges}
            print(json.dumps({"store": redact_url(store.location), **counts}, indent=2))
            return 0
        print(f"store: {redact_url(store.location)} ({store.kind})")
        print(f"nodes: {stats.node_count}")
        for label, count in stats.nodes.items():
            print(f"  {label:<18} {count}")
        print(f"relationships: {stats.edge_count}")
        for rel_type, count in stats.edges.items():
            print(f"  {rel_type:<18} {count}")
        return 0

    return _with_store(settings, action)


def _export(args: argparse.Namespace, settings: Settings) -> int:
    if args.format == "csv" and not args.output:
        raise UserInputError("--format csv writes nodes.csv and edges.csv: give a folder with --output")

    async def action(store: GraphStore) -> dict[str, Any]:
        return await store.export()

    if args.format in ("coverage-csv", "coverage-hxl"):

        async def matrix(store: GraphStore) -> str:
            found = await coverage_matrix(store, load_ontology(), places=args.place or None, body=args.body)
            return coverage_csv(found, hxl=args.format == "coverage-hxl")

        return _emit(_with_store(settings, matrix), args.output)
    export = _with_store(settings, action)
    if args.format != "csv":
        return _emit(export_text(export, ExportFormat(args.format)), args.output)
    folder = Path(args.output)
    folder.mkdir(parents=True, exist_ok=True)
    for name, fmt in (("nodes.csv", ExportFormat.NODES_CSV), ("edges.csv", ExportFormat.EDGES_CSV)):
        (folder / name).write_text(export_text(export, fmt), encoding="utf-8")
    return 0


def _migrate(args: argparse.Namespace, settings: Settings) -> int:
    async def action(store: GraphStore) -> int:
        # Opening a Neo4j store creates its constraints and indexes; the embedded store needs none.
        print(f"schema is up to date on {redact_url(store.location)} ({store.kind})")
        return 0

    return _with_store(settings, action)


def _sdl(args: argparse.Namespace, settings: Settings) -> int:
    from graph_api.graphql.schema import schema_sdl

    return _emit(schema_sdl(), args.output)


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--store",
        help="a file path (embedded store) or a neo4j:// or bolt:// URI; default $MIGRAGRAPH_STORE, "
        "else a file in your data directory",
    )
    parser = argparse.ArgumentParser(
        prog="migragraph", description="A knowledge graph of the actors of migration policy."
    )
    parser.add_argument("--version", action="version", version=f"migragraph {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser(
        "serve", parents=[common], help="serve the GraphQL API (loads the bundled data into an empty store)"
    )
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--no-seed", action="store_true", help="do not load the bundled data into an empty store")
    serve.add_argument("--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"])
    serve.set_defaults(func=_serve)

    load = sub.add_parser(
        "load", parents=[common], help="validate data packages (YAML files or folders) and write them"
    )
    load.add_argument("paths", nargs="+", metavar="PATH")
    load.set_defaults(func=_load)

    ingest = sub.add_parser(
        "ingest", parents=[common], help="read Spanish press releases (text, Markdown, HTML) into facts with provenance"
    )
    ingest.add_argument("paths", nargs="+", metavar="FILE")
    for name in ("title", "publisher", "published", "url", "language"):
        ingest.add_argument(f"--{name}", help=f"the document's {name} (overrides its front matter)")
    ingest.add_argument(
        "--country",
        help="the country the document is about, ISO 3166-1 alpha-2 such as PE (overrides its front matter): "
        "names several countries' bodies share ('la Cancillería') resolve to that country's",
    )
    ingest.add_argument(
        "--accept-new",
        action="store_true",
        help="write actors the graph does not know, and their facts, as confirmed (default: candidates for review)",
    )
    ingest.set_defaults(func=_ingest)

    sheets = sub.add_parser(
        "import-3w", parents=[common], help="import 3W sheets (CSV or XLSX with HXL hashtags) as coverage facts"
    )
    sheets.add_argument("paths", nargs="+", metavar="SHEET")
    sheets.set_defaults(func=_import_3w)

    api_key = sub.add_parser("api-key", help="make an API key for staff and print its configuration entry")
    api_key.add_argument("name")
    api_key.add_argument("role", choices=[r.value for r in Role])
    api_key.set_defaults(func=_api_key)

    stats = sub.add_parser("stats", parents=[common], help="count nodes by label and relationships by type")
    stats.add_argument("--json", action="store_true")
    stats.set_defaults(func=_stats)

    export = sub.add_parser("export", parents=[common], help="write the whole graph")
    export.add_argument(
        "--format",
        choices=[*(f.value for f in ExportFormat), "csv", "coverage-csv", "coverage-hxl"],
        default="json",
        help="json: node-link JSON; graphml, gexf: for Gephi and networkx; csv: nodes.csv and edges.csv in --output; "
        "coverage-csv, coverage-hxl: the coverage matrix (HXL: with a hashtag row)",
    )
    export.add_argument("--body", help="coverage: the members of this coordination body (id)")
    export.add_argument("--place", action="append", help="coverage: at this place (id); repeatable")
    export.add_argument("--output", "-o", help="a file, or a folder for csv (default: standard output)")
    export.set_defaults(func=_export)

    migrate = sub.add_parser(
        "migrate", parents=[common], help="create the constraints and indexes schema/ implies (Neo4j)"
    )
    migrate.set_defaults(func=_migrate)

    sdl = sub.add_parser("schema", aliases=["sdl"], help="print the GraphQL schema (SDL), as in schema/schema.graphql")
    sdl.add_argument("--output", "-o")
    sdl.set_defaults(func=_sdl)
    return parser


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The command line's arguments, as `main` reads them."""
    return _parser().parse_args(argv)


def settings_for(args: argparse.Namespace, environ: Mapping[str, str] | None = None) -> Settings:
    """The settings a command runs with: every one from the environment, then its flags on top.

    Flags change only what they name (`--store`, `serve --no-seed`); everything else,
    production mode, closed reads, keys and limits included, is kept.
    """
    seed = False if getattr(args, "no_seed", False) else None
    return Settings.from_env(environ, store=getattr(args, "store", None), seed_if_empty=seed)


def _secrets(settings: Settings) -> list[str]:
    """The store's password, in whatever form it may show in an error message."""
    found = [settings.neo4j.password]
    if "@" in settings.store:
        userinfo = settings.store.partition("://")[2].rpartition("@")[0]
        password = userinfo.partition(":")[2]
        found += [password, unquote(password)]
    return sorted({s for s in found if len(s) >= 3}, key=len, reverse=True)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = parse_args(argv)
    settings = settings_for(args)
    try:
        return int(args.func(args, settings))
    except MigragraphError as err:
        # The messages name the store without credentials; this keeps a slip from printing them.
        message = str(err)
        for secret in _secrets(settings):
            message = message.replace(secret, "***")
        print(f"migragraph: error: {message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
