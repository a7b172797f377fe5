"""An estimate of what a query will cost, from the page sizes it asks for and the graph's real fan-out.

Each field costs one resolution per object it is resolved on. A list field
multiplies what is below it: by the `first`, `last` or `limit` it asks for
(a connection's page size carries down to its `edges`), otherwise by its
fan-out (see fanout.py): a relationship field by the average number of that
relationship per node, any other list by the largest such average in the
graph. The `links(type:, direction:)` connection gives no more than that
type's average either. An operation over budget is refused before it runs.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from graphql import (
    DocumentNode,
    EnumValueNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    StringValueNode,
    ValueNode,
    VariableNode,
    get_named_type,
)
from strawberry.extensions import SchemaExtension

from graph_api.graphql import internals
from graph_api.graphql.extensions.fanout import LINK_ARGUMENTS, FanOuts
from graph_api.model.records import Direction

__all__ = ["CostLimit", "estimate_cost"]

_SIZE_ARGUMENTS = ("first", "last", "limit")
_MAX_NESTING = 64


def _is_list(type_: GraphQLOutputType) -> bool:
    while isinstance(type_, GraphQLNonNull):
        type_ = type_.of_type
    return isinstance(type_, GraphQLList)


def _size(node: FieldNode, variables: Mapping[str, Any]) -> int | None:
    for argument in node.arguments or ():
        if argument.name.value not in _SIZE_ARGUMENTS:
            continue
        value = argument.value
        if isinstance(value, IntValueNode):
            return int(value.value)
        if isinstance(value, VariableNode) and isinstance(variables.get(value.name.value), int):
            return int(variables[value.name.value])
    return None


def _argument(node: FieldNode, name: str, variables: Mapping[str, Any]) -> str | None:
    """A string or enum argument's value, given inline or by a variable."""
    value: ValueNode | None = next((a.value for a in node.arguments or () if a.name.value == name), None)
    if isinstance(value, StringValueNode | EnumValueNode):
        return value.value
    if isinstance(value, VariableNode) and isinstance(variables.get(value.name.value), str):
        return str(variables[value.name.value])
    return None


def _links_fanout(fanouts: FanOuts, owner: str, node: FieldNode, variables: Mapping[str, Any]) -> int | None:
    """The average fan-out of the relationships a `links(type:, direction:)` connection pages through."""
    rel_type = _argument(node, "type", variables)
    way = _argument(node, "direction", variables) or "OUT"
    if rel_type is None or way not in ("OUT", "IN"):
        return None
    return fanouts.links.get((owner, rel_type, Direction.OUT if way == "OUT" else Direction.IN))


def estimate_cost(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None,
    variables: Mapping[str, Any] | None,
    *,
    fanout: int | FanOuts,
    default_page: int,
) -> int:
    """The estimated number of field resolutions the operation asks for (`fanout` a number for every list
    alike, or the table of each field's)."""
    fanouts = fanout if isinstance(fanout, FanOuts) else FanOuts.flat(fanout)
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    chosen = [o for o in operations if operation_name is None or (o.name and o.name.value == operation_name)]
    if not chosen:
        return 0
    operation = chosen[0]
    root = schema.mutation_type if operation.operation.value == "mutation" else schema.query_type
    values = variables or {}
    # A selection set's cost is linear in the multiplier it is reached with, so each set is costed once per
    # (type, page) for a multiplier of 1 and scaled wherever it occurs: fragments that spread one another
    # repeatedly are not expanded (the expansion is exponential in the chain's length).
    unit_costs: dict[tuple[int, str | None, int | None], int] = {}

    def cost(selection_set: SelectionSetNode, parent: Any, page: int | None, depth: int) -> int:
        key = (id(selection_set), getattr(parent, "name", None), page)
        if key in unit_costs:
            return unit_costs[key]
        if depth > _MAX_NESTING:
            return 0
        unit_costs[key] = 0  # a cycle (refused by validation anyway) adds nothing
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, InlineFragmentNode):
                inner = schema.get_type(selection.type_condition.name.value) if selection.type_condition else parent
                total += cost(selection.selection_set, inner, page, depth + 1)
            elif isinstance(selection, FragmentSpreadNode) and selection.name.value in fragments:
                fragment = fragments[selection.name.value]
                inner = schema.get_type(fragment.type_condition.name.value)
                total += cost(fragment.selection_set, inner, page, depth + 1)
            elif isinstance(selection, FieldNode):
                total += field_cost(selection, parent, page, depth)
        unit_costs[key] = total
        return total

    def field_cost(node: FieldNode, owner: Any, page: int | None, depth: int) -> int:
        name = node.name.value
        if name.startswith("__") or not isinstance(owner, GraphQLObjectType | GraphQLInterfaceType):
            return 0
        field = owner.fields.get(name)
        if field is None:
            return 0
        if node.selection_set is None:
            return 1
        asked = _size(node, values)
        below = get_named_type(field.type)
        if _is_list(field.type):
            times = asked or page or fanouts.of_field(owner.name, name)
            return 1 + times * cost(node.selection_set, below, None, depth + 1)
        carried = asked if asked is not None else (default_page if name.endswith("s") and page is None else None)
        if carried is not None and field.args.keys() >= LINK_ARGUMENTS:
            carried = min(carried, _links_fanout(fanouts, owner.name, node, values) or carried)
        return 1 + cost(node.selection_set, below, carried, depth + 1)

    return cost(operation.selection_set, root, None, 0)


class CostLimit(SchemaExtension):
    """Refuse, before execution, an operation whose estimated cost is over the budget."""

    def __init__(self, *, budget: int, default_page: int) -> None:
        self.budget = budget
        self.default_page = default_page

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None:
            fanout: int | FanOuts = getattr(context.context, "fanout", 1)
            estimate = estimate_cost(
                internals.graphql_schema(context.schema),
                document,
                context.operation_name,
                context.variables,
                fanout=fanout,
                default_page=self.default_page,
            )
            if estimate > self.budget:
                raise GraphQLError(
                    f"the query's estimated cost {estimate} is over the budget of {self.budget}; ask for smaller pages",
                    extensions={"code": "QUERY_TOO_COMPLEX", "cost": estimate, "budget": self.budget},
                )
        yield
