"""What the reliance tests share: a failure that names the reliance, and a small schema to run the libraries on."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, ClassVar

import pytest
import strawberry
from strawberry.types.field import StrawberryField

from graph_api.graphql import internals


@contextmanager
def reliance(name: str, change: str) -> Iterator[None]:
    """Turn any failure inside into one that names the reliance and where it is kept."""
    assert hasattr(internals, name), name
    try:
        yield
    except Exception as err:
        pytest.fail(f"{change}: see graph_api/graphql/internals.py:{name} ({type(err).__name__}: {err})")


@strawberry.type
class Book:
    title: str

    @strawberry.field
    def shout(self, info: strawberry.Info) -> str:
        return f"{self.title.upper()} ({info.python_name})"

    @strawberry.field
    def echo(self, times: int) -> str:
        return self.title * times

    @strawberry.field
    @staticmethod
    def kind() -> str:
        return "book"


@strawberry.type
class NotFound:
    message: str


class NotFoundHandler(strawberry.ExceptionHandler[LookupError, NotFound]):
    def handle(self, exception: LookupError, *, field: StrawberryField, info: strawberry.Info) -> NotFound:
        return NotFound(message=str(exception))


@strawberry.type
class Query:
    @strawberry.field
    def book(self, title: str) -> Book:
        return Book(title=title)

    @strawberry.field
    def lookup(self) -> Book | NotFound:
        raise LookupError("none")

    @strawberry.field
    def broken(self) -> str | None:
        raise ValueError("broken")


@strawberry.type
class Mutation:
    @strawberry.mutation
    def touch(self) -> bool:
        return True


class Probe(internals.ExecutionContextBase):
    """Strawberry's execution context, keeping each operation's executor for the tests to look at."""

    seen: ClassVar[list[internals.ExecutionContextBase]] = []

    def execute_operation(self, serially: bool | None = None) -> Any:
        Probe.seen.append(self)
        return super().execute_operation(serially)


def make_schema(**kwargs: Any) -> strawberry.Schema:
    return strawberry.Schema(query=Query, mutation=Mutation, exception_handlers=[NotFoundHandler()], **kwargs)


async def executor_of(query: str, variables: dict[str, Any] | None = None) -> internals.ExecutionContextBase:
    Probe.seen.clear()
    result = await make_schema(execution_context_class=Probe).execute(query, variable_values=variables)
    assert not result.errors, result.errors
    assert len(Probe.seen) == 1
    return Probe.seen[0]


BOOKS = 'query Books($t: String!) { book(title: $t) { title ...F } again: book(title: "y") { title } } fragment F on Book { shout }'
