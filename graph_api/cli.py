"""The `migragraph` command: serve, load, stats, export, sdl."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import json
import os
import sys
from collections.abc import Awaitable, Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import unquote

from graph_api import __version__
from graph_api.cli_help import (
    API_KEY_EPILOG,
    DRY_RUN_HELP,
    EXPORT_EPILOG,
    INGEST_EPILOG,
    INGEST_METADATA,
    LOAD_EPILOG,
    SERVE_EPILOG,
    THREEW_EPILOG,
)
from graph_api.console import dry_run_report, progress_bars
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


# Each write command prints its report once its progress bars are gone; with --dry-run, the loader stops short
# of writing and the command prints what it would have written.


def _load(args: argparse.Namespace, settings: Settings) -> int:
    from loaders.packages.loading import load_paths, plan_load

    async def action(store: GraphStore) -> str:
        paths, ontology = [Path(p) for p in args.paths], load_ontology()
        with progress_bars() as progress:
            if args.dry_run:
                return await dry_run_report(store, await plan_load(store, paths, ontology, progress=progress))
            report = await load_paths(store, paths, ontology, audit=_cli_audit("load", paths), progress=progress)
        return str(report)

    print(_with_store(settings, action))
    return 0


def _ingest(args: argparse.Namespace, settings: Settings) -> int:
    from loaders.press.ingest import ingest_documents, plan_ingest

    metadata = {k: getattr(args, k) for k in ("title", "publisher", "published", "url", "language", "country")}

    async def action(store: GraphStore) -> str:
        paths, ontology = [Path(p) for p in args.paths], load_ontology()
        with progress_bars() as progress:
            if args.dry_run:
                plan = await plan_ingest(
                    store, ontology, paths, metadata=metadata, accept_new=args.accept_new, progress=progress
                )
                return await dry_run_report(store, plan)
            report = await ingest_documents(
                store,
                ontology,
                paths,
                metadata=metadata,
                accept_new=args.accept_new,
                audit=_cli_audit("ingest", paths),
                progress=progress,
            )
        return str(report)

    print(_with_store(settings, action))
    return 0


def _import_3w(args: argparse.Namespace, settings: Settings) -> int:
    from loaders.threew.cells import DateOrder
    from loaders.threew.importing import import_3w, plan_3w

    order_name = args.date_order or settings.threew_date_order
    try:
        order = DateOrder(order_name) if order_name else None
    except ValueError as err:
        raise MigragraphError(f"MIGRAGRAPH_3W_DATE_ORDER is day-first or month-first, not {order_name!r}") from err

    async def action(store: GraphStore) -> str:
        paths, ontology = [Path(p) for p in args.paths], load_ontology()
        with progress_bars() as progress:
            if args.dry_run:
                plan = await plan_3w(store, ontology, paths, progress=progress, date_order=order)
                return await dry_run_report(store, plan)
            audit = _cli_audit("import-3w", paths)
            report = await import_3w(store, ontology, paths, audit=audit, progress=progress, date_order=order)
        return str(report)

    print(_with_store(settings, action))
    return 0


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

    async def matrix(store: GraphStore) -> str:
        found = await coverage_matrix(store, load_ontology(), places=args.place or None, body=args.body)
        return coverage_csv(found, hxl=args.format == "coverage-hxl")

    include = args.include_candidates
    csv_files = {"nodes.csv": ExportFormat.NODES_CSV, "edges.csv": ExportFormat.EDGES_CSV}
    texts: dict[str, str] = {}
    # Made under the progress bars, written once they are gone: the text may go to the same terminal.
    with progress_bars() as progress:
        progress("reading the graph", 0, 1)
        if args.format in ("coverage-csv", "coverage-hxl"):
            texts[""] = _with_store(settings, matrix)
            progress("reading the graph", 1, 1)
        else:
            export = _with_store(settings, action)
            progress("reading the graph", 1, 1)
            formats = csv_files if args.format == "csv" else {"": ExportFormat(args.format)}
            progress(f"formatting {args.format}", 0, len(formats))
            for done, (name, fmt) in enumerate(formats.items(), 1):
                texts[name] = export_text(export, fmt, include_candidates=include)
                progress(f"formatting {args.format}", done, len(formats))
    if args.format != "csv":
        return _emit(texts[""], args.output)
    folder = Path(args.output)
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
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

    serve = _command(
        sub, "serve", "serve the GraphQL API (loads the bundled data into an empty store)", SERVE_EPILOG, common
    )
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help="the address to listen on (default: 127.0.0.1, this machine only; 0.0.0.0 for every interface)",
    )
    serve.add_argument("--port", type=int, default=8000, help="the TCP port to listen on (default: 8000)")
    serve.add_argument("--no-seed", action="store_true", help="do not load the bundled data into an empty store")
    serve.add_argument(
        "--log-level",
        default="info",
        choices=["critical", "error", "warning", "info", "debug"],
        help="how much the server logs (default: info, a line a request)",
    )
    serve.set_defaults(func=_serve)

    load = _command(sub, "load", "validate data packages (YAML files or folders) and write them", LOAD_EPILOG, common)
    load.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="a data package (.yaml or .yml), or a folder of them; several may be given",
    )
    load.add_argument("--dry-run", action="store_true", help=DRY_RUN_HELP)
    load.set_defaults(func=_load)

    ingest = _command(
        sub,
        "ingest",
        "read Spanish press releases (text, Markdown, HTML) into facts with provenance",
        INGEST_EPILOG,
        common,
    )
    ingest.add_argument(
        "paths", nargs="+", metavar="FILE", help="a press release: .txt, .md or .html; several may be given"
    )
    for name, what in INGEST_METADATA.items():
        ingest.add_argument(f"--{name}", help=f"the document's {what} (overrides its front matter)")
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
    ingest.add_argument("--dry-run", action="store_true", help=DRY_RUN_HELP)
    ingest.set_defaults(func=_ingest)

    sheets = _command(
        sub, "import-3w", "import 3W sheets (CSV or XLSX with HXL hashtags) as coverage facts", THREEW_EPILOG, common
    )
    sheets.add_argument(
        "paths", nargs="+", metavar="SHEET", help="a 3W sheet: .csv (UTF-8) or .xlsx; several may be given"
    )
    sheets.add_argument("--dry-run", action="store_true", help=DRY_RUN_HELP)
    sheets.add_argument(
        "--date-order",
        choices=["day-first", "month-first"],
        help="how to read dates such as 05/06/2024 when a sheet's dates do not tell (MIGRAGRAPH_3W_DATE_ORDER; "
        "unset, such a date is refused)",
    )
    sheets.set_defaults(func=_import_3w)

    api_key = _command(sub, "api-key", "make an API key for staff and print its configuration entry", API_KEY_EPILOG)
    api_key.add_argument("name", help="whom the key is for: a person's or a service's name, recorded in the audit log")
    api_key.add_argument(
        "role",
        choices=[r.value for r in Role],
        help="what the key may do: reader reads (the audit log, and all when reads need a key), editor also edits "
        "(mutations, ingest), admin whatever an editor may",
    )
    api_key.set_defaults(func=_api_key)

    stats = _command(sub, "stats", "count nodes by label and relationships by type", None, common)
    stats.add_argument("--json", action="store_true", help="print the counts as JSON, with the store's location")
    stats.set_defaults(func=_stats)

    export = _command(sub, "export", "write the whole graph, or the coverage matrix", EXPORT_EPILOG, common)
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
    export.add_argument(
        "--include-candidates", action="store_true", help="also write candidates (actors and facts awaiting review)"
    )
    export.set_defaults(func=_export)

    migrate = _command(sub, "migrate", "create the constraints and indexes schema/ implies (Neo4j)", None, common)
    migrate.set_defaults(func=_migrate)

    sdl = _command(sub, "schema", "print the GraphQL schema (SDL), as in schema/schema.graphql", None, aliases=["sdl"])
    sdl.add_argument("--output", "-o", help="write it to this file (default: standard output)")
    sdl.set_defaults(func=_sdl)
    return parser


def _command(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    name: str,
    summary: str,
    epilog: str | None,
    *parents: argparse.ArgumentParser,
    aliases: Sequence[str] = (),
) -> argparse.ArgumentParser:
    """A subcommand whose --help opens with its summary and ends with its epilog, laid out as written."""
    return sub.add_parser(
        name,
        parents=list(parents),
        aliases=list(aliases),
        help=summary,
        description=summary[0].upper() + summary[1:] + ".",
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


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
        status = int(args.func(args, settings))
        sys.stdout.flush()  # here, not at exit: a reader gone early (`| head`) is then caught below
        return status
    except BrokenPipeError:
        # Whatever reads the output stopped reading (`migragraph export | head`): stop quietly, as `cat` does.
        # Python would flush standard output again at exit, and print that error: it goes nowhere instead.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141  # 128 + SIGPIPE: what a shell reports for a command a closed pipe ended
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
