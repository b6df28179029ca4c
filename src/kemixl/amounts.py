"""An amount in euros that a reader refuses, named alike wherever it comes from: a cell of a
department's submission or a row of the ledger export. Both read amounts with
numbers.parse_amount (the same shapes, the same ambiguity, the same 10^12 € limit); this
module says which rule a refused value breaks and how a person would read the value."""

from __future__ import annotations

import datetime as dt

from .findings import Rule
from .i18n.message import Amount, Msg, msg
from .numbers import MAX_AMOUNT, AmbiguousNumber, BeyondLimit, NotANumber


def shown(value: object) -> Msg | str:
    """A cell's value as a person would read it in a message (in the reader's language)."""
    if isinstance(value, dt.datetime | dt.date):
        return msg("the date {date}", date=value.strftime("%d.%m.%Y"))
    if isinstance(value, bool):
        # TRANSLATORS: Excel's logical values as Excel shows them in the language
        return msg("TRUE") if value else msg("FALSE")
    if isinstance(value, float) and abs(value) > MAX_AMOUNT:
        return f"{value:.3g}"
    return repr(str(value))


def not_an_amount(value: object, exc: NotANumber) -> tuple[Rule, Msg]:
    """The rule and message for a value that holds no amount kemixl can be sure of."""
    if isinstance(exc, AmbiguousNumber):
        return (
            Rule.AMBIGUOUS_AMOUNT,
            msg(
                "{value} could be {thousands} € or {decimals} €; type the amount as a number, "
                "without a thousands separator",
                value=shown(value),
                thousands=Amount(exc.thousands),
                decimals=exc.decimals,
            ),
        )
    if isinstance(exc, BeyondLimit):
        return (
            Rule.TEXT_IN_NUMBER,
            msg(
                "{value} is beyond {limit} €, more than any line of a municipality; type the "
                "amount in euros as a number",
                value=shown(value),
                limit=Amount(MAX_AMOUNT),
            ),
        )
    if isinstance(value, str):
        return (
            Rule.TEXT_IN_NUMBER,
            msg(
                "{value} is text where a number belongs; type the amount in euros as a number",
                value=shown(value),
            ),
        )
    return (
        Rule.TEXT_IN_NUMBER,
        msg("{value} is not an amount in euros; type the amount as a number", value=shown(value)),
    )
