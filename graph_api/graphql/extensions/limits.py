"""Depth, alias and size limits on a document, each fragment measured once.

Strawberry's depth and alias limiters expand every fragment spread where it
occurs, so a chain of fragments that each spread the one before twice costs
2^n work for n fragments: a 836-byte document held the server for seconds.
Here each selection set (a fragment's included) is measured once, without
recursion, and what it contributes is added up wherever it is spread; the
totals are those of the expanded document, reached in time linear in the
text. The messages are Strawberry's (graph_api/graphql/internals.py), so clients see the same refusals.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
)

from graph_api.graphql import internals

__all__ = ["Shape", "limits_rule", "measure"]

_CODE = {"code": "QUERY_TOO_COMPLEX"}


@dataclass(frozen=True)
class Shape:
    """What a selection set amounts to once every fragment in it is expanded.

    depth: the levels of fields below the set's own (0 when its fields have no sub-selections; fields named
    `__…` are not looked into, as Strawberry's limiter does not); aliases and fields: how many there are.
    """

    depth: int = 0
    aliases: int = 0
    fields: int = 0


def _nested(
    selection_set: SelectionSetNode, fragments: dict[str, FragmentDefinitionNode]
) -> Iterator[SelectionSetNode]:
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode | InlineFragmentNode) and selection.selection_set is not None:
            yield selection.selection_set
        elif isinstance(selection, FragmentSpreadNode) and selection.name.value in fragments:
            yield fragments[selection.name.value].selection_set


def _combine(
    selection_set: SelectionSetNode, fragments: dict[str, FragmentDefinitionNode], shapes: dict[int, Shape]
) -> Shape:
    """The set's shape from those of the sets nested in it (a set not measured closes a cycle: nothing)."""
    empty = Shape()
    depth = aliases = fields = 0
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            fields += 1
            aliases += selection.alias is not None
            if selection.selection_set is not None:
                below = shapes.get(id(selection.selection_set), empty)
                aliases, fields = aliases + below.aliases, fields + below.fields
                if not selection.name.value.startswith("__"):
                    depth = max(depth, 1 + below.depth)
            continue
        if isinstance(selection, InlineFragmentNode):
            inner: SelectionSetNode | None = selection.selection_set
        else:
            assert isinstance(selection, FragmentSpreadNode)
            fragment = fragments.get(selection.name.value)
            inner = fragment.selection_set if fragment is not None else None
        if inner is not None:
            shape = shapes.get(id(inner), empty)
            depth, aliases, fields = max(depth, shape.depth), aliases + shape.aliases, fields + shape.fields
    return Shape(depth, aliases, fields)


def measure(document: DocumentNode) -> dict[OperationDefinitionNode, Shape]:
    """The expanded shape of each operation of `document`, in time linear in its size.

    >>> from graphql import parse
    >>> chain = "fragment A on Q { x y: z } fragment B on Q { ...A ...A } fragment C on Q { ...B ...B }"
    >>> [measure(parse(chain + " { w { ...C } }")).popitem()[1]]
    [Shape(depth=1, aliases=4, fields=9)]
    """
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    shapes: dict[int, Shape] = {}
    # A depth-first walk with its own stack: fragments may nest deeper than Python's recursion allows.
    for root in [*(f.selection_set for f in fragments.values()), *(o.selection_set for o in operations)]:
        if id(root) in shapes:
            continue
        on_path = {id(root)}
        path = [(root, _nested(root, fragments))]
        while path:
            selection_set, nested = path[-1]
            for child in nested:
                if id(child) not in shapes and id(child) not in on_path:
                    on_path.add(id(child))
                    path.append((child, _nested(child, fragments)))
                    break
            else:
                path.pop()
                on_path.discard(id(selection_set))
                shapes[id(selection_set)] = _combine(selection_set, fragments, shapes)
    return {o: shapes[id(o.selection_set)] for o in operations}


def limits_rule(*, max_depth: int, max_aliases: int, max_fields: int) -> type[ValidationRule]:
    """A validation rule refusing, with QUERY_TOO_COMPLEX, a document over any of the limits.

    Depth and aliases are counted as Strawberry's QueryDepthLimiter and MaxAliasesLimiter count them;
    `max_fields` caps the number of fields the operation expands to through its fragments.
    """

    class LimitsRule(ValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            shapes = measure(context.document)
            for operation, shape in shapes.items():
                name = operation.name.value if operation.name else "anonymous"
                if shape.depth > max_depth:
                    message = internals.depth_refusal(name, max_depth)
                    context.report_error(GraphQLError(message, operation, extensions=_CODE))
                if shape.fields > max_fields:
                    message = (
                        f"'{name}' expands through its fragments to {shape.fields} fields; the limit is {max_fields}"
                    )
                    context.report_error(GraphQLError(message, operation, extensions=_CODE))
            aliases = sum(shape.aliases for shape in shapes.values())
            if aliases > max_aliases:
                context.report_error(GraphQLError(internals.alias_refusal(aliases, max_aliases), extensions=_CODE))

    return LimitsRule
