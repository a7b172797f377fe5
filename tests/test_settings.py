"""Settings: each one a typed field with its environment variable and its default, read in one place."""

from __future__ import annotations

import dataclasses

from graph_api.settings import Neo4jOptions, Settings, default_store


def test_every_setting_names_its_variable_and_no_environment_gives_the_defaults() -> None:
    variables = [f.metadata.get("env") for f in dataclasses.fields(Settings) if f.name != "neo4j"]
    assert all(v and v.startswith("MIGRAGRAPH_") for v in variables)
    assert len(set(variables)) == len(variables)
    assert Settings.from_env({}) == Settings(store=default_store(), neo4j=Neo4jOptions())
    assert Neo4jOptions.from_env({}) == Neo4jOptions(database="neo4j", user="neo4j", password="", max_retry_seconds=1.0)


def test_values_are_read_by_their_type() -> None:
    env = {
        "MIGRAGRAPH_STORE": "bolt://db.example:7687",
        "MIGRAGRAPH_SEED": "off",
        "MIGRAGRAPH_READS_NEED_KEY": "yes",
        "MIGRAGRAPH_MAX_DEPTH": "7",
        "MIGRAGRAPH_INGEST_SECONDS": "2.5",
        "MIGRAGRAPH_CORS_ORIGINS": " https://a.example, ,https://b.example ",
        "MIGRAGRAPH_API_KEYS_FILE": "/run/keys",
        "MIGRAGRAPH_MAX_COST": "",
    }
    settings = Settings.from_env(env)
    assert settings.store == "bolt://db.example:7687"
    assert (settings.seed_if_empty, settings.reads_need_key) == (False, True)
    assert (settings.max_depth, settings.ingest_seconds) == (7, 2.5)
    assert settings.cors_origins == ("https://a.example", "https://b.example")
    assert settings.api_keys_file == "/run/keys"
    assert settings.max_cost == Settings(store="").max_cost, "an empty variable counts as unset"
    assert Settings.from_env(env, max_depth=3, store=None).max_depth == 3


def test_production_turns_the_explorer_off_unless_told_otherwise() -> None:
    production = Settings.from_env({"MIGRAGRAPH_ENV": "production"})
    assert (production.graphiql, production.introspection, production.suggestions) == (False, False, False)
    told = Settings.from_env({"MIGRAGRAPH_ENV": "production", "MIGRAGRAPH_GRAPHIQL": "1"})
    assert (told.graphiql, told.introspection) == (True, False)


def test_the_neo4j_options_come_from_the_same_environment_and_hide_the_password() -> None:
    env = {
        "NEO4J_DATABASE": "graph",
        "NEO4J_USER": "bob",
        "NEO4J_PASSWORD": "s3cret-pw",
        "NEO4J_MAX_RETRY_SECONDS": "4",
    }
    settings = Settings.from_env(env)
    assert settings.neo4j == Neo4jOptions(database="graph", user="bob", password="s3cret-pw", max_retry_seconds=4.0)
    assert "s3cret-pw" not in repr(settings)
