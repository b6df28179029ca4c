"""KPI values and strategy realizations matched to the master's lists."""

from __future__ import annotations

from collections import defaultdict

from ..findings import Finding, Rule, joined
from ..i18n.message import Msg, msg
from ..i18n.terms import status_msg
from ..layout import ALL_STATUSES, NOT_REPORTED
from ..model import Master
from ..submissions.records import KpiValue, Realization, Submission
from ..xlsx.cells import norm
from .common import (
    W,
    finding,
)


def match_kpis(
    master: Master, sub: Submission, dept: str
) -> tuple[dict[str, KpiValue], list[Finding]]:
    """KPI values by master id; free-form tables without ids are matched by KPI name."""
    ours = [k for k in master.kpis if master.department_of(k.code) == dept or k.code == dept]
    by_id = {k.id: k for k in ours}
    by_name: dict[str, list[str]] = defaultdict(list)
    for k in ours:
        by_name[norm(k.name)].append(k.id)
    out: dict[str, KpiValue] = {}
    findings: list[Finding] = []
    for v in sub.kpis:
        kid = v.kpi_id if v.kpi_id in by_id else ""
        if not kid:
            candidates = [i for i in by_name.get(norm(v.name), []) if i not in out]
            kid = candidates[0] if candidates else ""
        if not kid:
            if v.kpi_id or v.actual is not None or v.forecast is not None:
                findings.append(
                    finding(
                        Rule.UNKNOWN_KPI,
                        W,
                        msg(
                            "KPI {name!r} is not in the master KPI list of {dept}; it is not "
                            "reported",
                            name=v.name,
                            dept=dept,
                        ),
                        at=v.origin,
                        code=dept,
                    )
                )
            continue
        out[kid] = KpiValue(kid, v.code, v.name, v.actual, v.forecast, v.origin)
    return out, findings


def match_realizations(
    master: Master, sub: Submission, dept: str
) -> tuple[dict[str, Realization], list[Finding]]:
    ours = [o for o in master.objectives if o.department == dept]
    by_id = {o.id: o for o in ours}
    out: dict[str, Realization] = {}
    findings: list[Finding] = []
    for r in sub.realizations:
        oid = r.objective_id if r.objective_id in by_id else ""
        if not oid:  # free-form: the first not yet matched objective with this text
            oid = next(
                (
                    o.id
                    for o in ours
                    if norm(o.objective) == norm(r.objective_id) and o.id not in out
                ),
                "",
            )
        if not oid:
            continue
        status = r.status
        if status and status not in ALL_STATUSES:
            findings.append(
                finding(
                    Rule.INVALID_STATUS,
                    W,
                    msg(
                        "status {status!r} is not one of {statuses}; choose from the list",
                        status=status,
                        statuses=_statuses(),
                    ),
                    at=r.origin,
                    code=dept,
                    submitted=status,
                )
            )
            status = ""
        if r.text and status in ("", NOT_REPORTED):
            findings.append(
                finding(
                    Rule.INVALID_STATUS,
                    W,
                    msg(
                        "a realization is written but no status is chosen; choose one from the list"
                    ),
                    at=r.origin,
                    code=dept,
                )
            )
        status = status or NOT_REPORTED
        out[oid] = Realization(oid, status, r.text, r.origin)
    return out, findings


def _statuses() -> Msg:
    """The status list in the reader's words: 'Toteutunut, Etenee, ...'."""
    return joined(status_msg(key) for key in ALL_STATUSES)
