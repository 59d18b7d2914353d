"""Errors raised for bad input: each says what was wrong and what is allowed."""


class PfPDataError(ValueError):
    """Base class: a ValueError, so ``except ValueError`` catches it too."""


class UnknownCountryError(PfPDataError, LookupError):
    """A country name or code that matches no state in the data."""

    def __init__(self, given, suggestions):
        self.given = given
        self.suggestions = list(suggestions)
        hint = f" Did you mean: {', '.join(self.suggestions)}?" if self.suggestions else ""
        super().__init__(
            f"Unknown country {given!r}.{hint} Use a name, an ISO 3166 alpha-3 code "
            "(e.g. 'MLT') or an alias such as 'Macedonia'; pfp_data.countries() lists them all."
        )


class BadDateError(PfPDataError):
    """A date that cannot be read, does not exist, or lies outside the data."""


class UnknownClaimError(PfPDataError, LookupError):
    """A claim id that is not in the claims table."""

    def __init__(self, given, valid):
        self.given = given
        self.valid = list(valid)
        super().__init__(f"Unknown claim id {given!r}. Valid ids: {', '.join(self.valid)}.")
