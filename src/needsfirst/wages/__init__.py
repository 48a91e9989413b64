"""Wages (pure core): minimum wages and working time as dated law data, pay normalised to an
hourly figure, and itemised wage and fee claims. No Django here."""

from needsfirst.wages.normalise import (
    PayComparison,
    compare_with_minimum,
    compare_with_promise,
    hourly_equivalent,
)
from needsfirst.wages.rates import (
    FloorKind,
    MinimumWage,
    MinimumWageFinding,
    NoStatutoryMinimum,
    OvertimeRule,
    PayPeriod,
    WorkingTimeLimits,
    minimum_wage,
    minimum_wage_changes,
    minimum_wage_finding,
    minimum_wage_history,
    overtime_rule,
    working_time_has_no_limit,
    working_time_limits,
)

__all__ = [
    "FloorKind",
    "MinimumWage",
    "MinimumWageFinding",
    "NoStatutoryMinimum",
    "OvertimeRule",
    "PayComparison",
    "PayPeriod",
    "WorkingTimeLimits",
    "compare_with_minimum",
    "compare_with_promise",
    "hourly_equivalent",
    "minimum_wage",
    "minimum_wage_changes",
    "minimum_wage_finding",
    "minimum_wage_history",
    "overtime_rule",
    "working_time_has_no_limit",
    "working_time_limits",
]
