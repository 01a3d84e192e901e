"""Validators for Chinese identifiers used across the apps."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# GB 32100-2015 统一社会信用代码: 18 characters from this 31-character set (no I, O, Z, S, V).
CREDIT_CODE_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
MAINLAND_MOBILE = re.compile(r"^1[3-9]\d{9}$")


def credit_code_check_character(first_17: str) -> str:
    """The 18th character of a unified social credit code, from the first 17 (GB 32100-2015 §4.3)."""
    total = sum(
        CREDIT_CODE_CHARSET.index(char) * weight for char, weight in zip(first_17, CREDIT_CODE_WEIGHTS, strict=True)
    )
    return CREDIT_CODE_CHARSET[(31 - total % 31) % 31]


def validate_credit_code(value: str) -> None:
    """Check a unified social credit code (统一社会信用代码): length, character set and check digit."""
    code = (value or "").strip().upper()
    if len(code) != 18 or any(char not in CREDIT_CODE_CHARSET for char in code):
        raise ValidationError(
            _("A unified social credit code has 18 digits and capital letters (not I, O, S, V or Z)."),
            code="credit_code_format",
        )
    if credit_code_check_character(code[:17]) != code[17]:
        raise ValidationError(
            _("The check digit of this unified social credit code is wrong."), code="credit_code_check"
        )


def validate_mainland_mobile(value: str) -> None:
    """An 11-digit mainland China mobile number starting 13–19."""
    if not MAINLAND_MOBILE.match((value or "").strip()):
        raise ValidationError(_("Enter an 11-digit mainland mobile number, e.g. 13812345678."), code="mobile")
