"""Execute queries a level at a time: each field resolved for all the objects of a level in one pass.

graphql-core walks a response object by object: for each object it collects the sub-fields, builds a resolve
info per field, calls the resolver, awaits and completes its value. On a nested query of a thousand objects
that bookkeeping costs more than the resolvers (the benchmark's profile). This executor walks the same
selection level by level: the fields of a level are collected once per concrete type, one resolve info is
built per field and level, every object's resolver is called and all their awaitables gathered at once (which
is also what lets the DataLoaders batch a whole level into one store call), and values are completed in columns.

It handles the success path only. Field collection, argument coercion, abstract-type resolution and leaf
serialisation are graphql-core's own functions, so their results are the same. Anything it does not handle --
a mutation, a resolver that raises, a null in a non-null position, @defer or @stream, middleware -- makes it
give up and run the operation through graphql-core's executor from the start, so errors and their paths are
exactly graphql-core's. Queries only: running a read again has no effect beyond the DataLoaders' cache.
What it uses of graphql-core's and Strawberry's executor beyond their public API is in graph_api/graphql/internals.py.
`tests/contract/test_level_execution.py` checks the answers against graphql-core's on both stores.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Iterable, Sequence
from typing import Any

from graphql import (
    GraphQLAbstractType,
    GraphQLID,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLString,
    is_leaf_type,
)
from graphql.pyutils import Path, Undefined

from graph_api.graphql import internals
from graph_api.graphql.internals import ExecutionContextBase, FieldDetailsList, GroupedFieldSet

__all__ = ["LevelExecutionContext"]


class _GiveUp(Exception):
    """The level executor cannot answer this operation; graphql-core's executor will."""


# Types of resolver results that are never awaitable: checked first, before the general test.
_PLAIN: frozenset[type] = frozenset({str, int, float, bool, type(None), list, dict, tuple})


def _discard(values: list[Any]) -> None:
    """Close the coroutines a resolver returned that will never be awaited (no 'never awaited' warnings)."""
    for value in values:
        if inspect.iscoroutine(value):
            value.close()


class LevelExecutionContext(ExecutionContextBase):
    """Strawberry's execution context, running queries a level at a time when it can."""

    def execute_operation(self, serially: bool | None = None) -> Any:
        if not internals.runs_by_levels(self, serially):
            return super().execute_operation(serially)
        return self._execute_by_levels()

    async def _execute_by_levels(self) -> Any:
        try:
            root_type = self.schema.query_type
            grouped = internals.root_fields(self)
            if root_type is None or grouped is None:
                raise _GiveUp
            data: dict[str, Any] = {}
            await self._level(root_type, [self.root_value], grouped, [data], None)
        except _GiveUp:
            result = super().execute_operation()
            return await result if self.is_awaitable(result) else result
        return internals.response(self, data)

    async def _level(
        self,
        parent_type: GraphQLObjectType,
        sources: Sequence[Any],
        grouped: GroupedFieldSet,
        outputs: Sequence[dict[str, Any]],
        path: Path | None,
    ) -> None:
        """Resolve every field of `grouped` on every source, writing each source's answers into its output."""
        columns = []
        try:
            for key, details in grouped.items():
                field_def = self.schema.get_field(parent_type, internals.field_name(details))
                if field_def is None:
                    raise _GiveUp
                field_path = Path(path, key, parent_type.name)
                info = internals.resolve_info(self, field_def, details, parent_type, field_path)
                args = internals.argument_values(self, field_def, details)
                resolve = field_def.resolve or self.field_resolver
                values: list[Any] = []
                columns.append((key, field_def.type, details, values, info, field_path))
                for source in sources:
                    values.append(resolve(source, info, **args))
        except Exception as err:
            for column in columns:
                _discard(column[3])
            raise _GiveUp from err
        # Every field of the level is resolved before any is completed, so that the DataLoaders see all the
        # level's loads in one batch; then each column is completed in turn.
        settled = await self._settled([value for column in columns for value in column[3]])
        width = len(sources)
        for index, column in enumerate(columns):
            column[3][:] = settled[index * width : (index + 1) * width]
        for output in outputs:
            for key in grouped:
                output[key] = None
        for key, return_type, details, values, info, field_path in columns:
            completed = await self._complete(return_type, details, values, info, field_path)
            for output, value in zip(outputs, completed, strict=True):
                output[key] = value

    async def _settled(self, values: list[Any]) -> list[Any]:
        """The values with every awaitable among them awaited (all at once)."""
        is_awaitable = self.is_awaitable
        pending = [i for i, value in enumerate(values) if type(value) not in _PLAIN and is_awaitable(value)]
        if pending:
            done = await asyncio.gather(*(values[i] for i in pending), return_exceptions=True)
            if any(isinstance(value, BaseException) for value in done):
                raise _GiveUp
            for i, value in zip(pending, done, strict=True):
                values[i] = value
        return values

    async def _complete(
        self,
        return_type: GraphQLOutputType,
        details: FieldDetailsList,
        values: list[Any],
        info: Any,
        path: Path,
    ) -> list[Any]:
        """Complete a column of values of one field (one per object of a level), as graphql-core would."""
        values = await self._settled(values)
        if isinstance(return_type, GraphQLNonNull):
            inner = await self._complete(return_type.of_type, details, values, info, path)
            if any(value is None for value in inner):
                raise _GiveUp
            return inner
        present = [i for i, value in enumerate(values) if value is not None and value is not Undefined]
        completed: list[Any] = [None] * len(values)
        if isinstance(return_type, GraphQLList):
            items: list[Any] = []
            spans = []
            for i in present:
                value = values[i]
                if isinstance(value, str | bytes | dict) or not isinstance(value, Iterable):
                    raise _GiveUp
                start = len(items)
                items.extend(value)
                spans.append((i, start, len(items)))
            done = await self._complete(return_type.of_type, details, items, info, path)
            for i, start, stop in spans:
                completed[i] = done[start:stop]
            return completed
        if is_leaf_type(return_type):
            if return_type is GraphQLString or return_type is GraphQLID:
                # What their serialize does with a str (most values), without its checks.
                for i in present:
                    if type(values[i]) is str:
                        completed[i] = values[i]
                present = [i for i in present if completed[i] is None]
            for i in present:
                serialized = return_type.serialize(values[i])
                if serialized is Undefined or serialized is None:
                    raise _GiveUp
                completed[i] = serialized
            return completed
        by_type: dict[GraphQLObjectType, list[int]] = {}
        for i in present:
            object_type = self._object_type(return_type, values[i], info)
            by_type.setdefault(object_type, []).append(i)
        for object_type, indices in by_type.items():
            sub_fields = internals.sub_fields(self, object_type, details)
            if sub_fields is None:
                raise _GiveUp
            outputs: list[dict[str, Any]] = [{} for _ in indices]
            await self._level(object_type, [values[i] for i in indices], sub_fields, outputs, path)
            for i, output in zip(indices, outputs, strict=True):
                completed[i] = output
        return completed

    def _object_type(self, return_type: GraphQLOutputType, value: Any, info: Any) -> GraphQLObjectType:
        """The concrete object type of `value`, checked as graphql-core checks it."""
        if isinstance(return_type, GraphQLAbstractType):
            resolve_type = return_type.resolve_type or self.type_resolver
            runtime = resolve_type(value, info, return_type)
            if self.is_awaitable(runtime):
                raise _GiveUp
            found = self.schema.get_type(runtime) if isinstance(runtime, str) else None
            if not isinstance(found, GraphQLObjectType) or not self.schema.is_sub_type(return_type, found):
                raise _GiveUp
            object_type = found
        elif isinstance(return_type, GraphQLObjectType):
            object_type = return_type
        else:
            raise _GiveUp
        if object_type.is_type_of is not None:
            fits = object_type.is_type_of(value, info)
            if self.is_awaitable(fits) or not fits:
                raise _GiveUp
        return object_type
