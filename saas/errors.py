"""Expected failures of a service: validation, permission, plan limit.

Services raise ``ServiceError`` with one ``FieldError`` per problem and change
nothing; the GraphQL layer turns it into the payload's ``errors`` list.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ErrorCode(StrEnum):
    """The machine-readable reasons of expected failures, one spelling each.

    Clients switch on these (``errors { code }`` in every mutation payload); the wire value is the
    lower-case string. Add a member rather than inventing a string in a service.
    """

    # input
    REQUIRED = "required"  # a required field is missing or blank
    TOO_LONG = "too_long"
    TOO_MANY = "too_many"  # a list is longer than allowed (ids in one call, addresses...)
    INVALID = "invalid"  # a value the rules refuse (see the message)
    INVALID_FORMAT = "invalid_format"  # not an e-mail, colour, currency code...
    INVALID_CHOICE = "invalid_choice"  # not one of a choice column's values
    INVALID_DATE = "invalid_date"
    IN_PAST = "in_past"  # a moment that must lie in the future
    INVALID_LENGTH = "invalid_length"
    RESERVED = "reserved"  # a name kept for the platform (subdomains)
    INVALID_AMOUNT = "invalid_amount"
    OUT_OF_RANGE = "out_of_range"
    TAKEN = "taken"  # unique in the workspace, and already used
    INVALID_TRANSITION = "invalid_transition"  # a status change the record's lifecycle does not allow
    CYCLE = "cycle"  # a record would become its own ancestor
    SELF = "self"  # an action aimed at oneself that is not allowed
    # records
    NOT_FOUND = "not_found"  # does not exist, or not yours to see (the two are not told apart)
    DUPLICATE_SUSPECTED = "duplicate_suspected"  # the payload's `duplicates` hold the candidates
    ALREADY_OWNED = "already_owned"
    MERGED = "merged"
    IN_USE = "in_use"
    EXHAUSTED = "exhausted"  # an allowance (entitlement, quota) is used up
    EXPORT_RUNNING = "export_running"  # the member's previous bulk export is not done yet
    IMPORT_RUNNING = "import_running"  # an import of this record type is still running in the workspace
    NOT_UNDOABLE = "not_undoable"  # only the last finished import of a type can be undone, once
    CONFLICT = "conflict"  # `expectedVersion` is not the record's version: it changed since it was read
    OPTED_OUT = "opted_out"  # the contact has not agreed to (or withdrew from) messages on this channel
    DELIVERY_FAILED = "delivery_failed"  # the channel's provider did not take the message (the message says why)
    # files (imports)
    EMPTY_FILE = "empty_file"  # no header row, or no rows under it
    FILE_TOO_LARGE = "file_too_large"  # over the size or row limit (the message names it)
    INVALID_ENCODING = "invalid_encoding"  # the bytes are not text in the encoding given (UTF-8 by default)
    UNREADABLE_FILE = "unreadable_file"  # not a CSV or XLSX file this server can read
    FILE_TYPE_NOT_ALLOWED = "file_type_not_allowed"  # an attachment whose sniffed type is not accepted
    INFECTED_FILE = "infected_file"  # the virus scan refused the file (the message names what it found)
    # access: one code for "your role or seat may not do this" (it was also spelled `forbidden`)
    PERMISSION_DENIED = "permission_denied"
    READ_ONLY_FIELD = "read_only_field"  # the role may read the field but not change it
    LAST_OWNER = "last_owner"
    # billing
    PLAN_LIMIT = "plan_limit"  # the workspace's plan allows no more of this (the message names the limit)
    PAYMENT_REQUIRED = "payment_required"  # unpaid: the workspace is read-only or suspended until paid
    # accounts and security
    INVALID_CREDENTIALS = "invalid_credentials"
    WEAK_PASSWORD = "weak_password"
    OTP_REQUIRED = "otp_required"
    INVALID_OTP = "invalid_otp"
    ALREADY_ENABLED = "already_enabled"
    NOT_ENABLED = "not_enabled"
    NOT_STARTED = "not_started"
    LOCKED = "locked"
    EXPIRED = "expired"
    USED = "used"


@dataclass(frozen=True)
class FieldError:
    field: str | None
    message: str
    code: str  # an ``ErrorCode`` (a str); plain strings are still accepted for codes not yet listed


class ServiceError(Exception):
    def __init__(self, errors: list[FieldError] | FieldError) -> None:
        self.errors = errors if isinstance(errors, list) else [errors]
        super().__init__("; ".join(f"{e.field or '-'}: {e.message}" for e in self.errors))


class ErrorCollector:
    """Gathers every problem of one input, so a client sees them all at once."""

    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def add(self, field: str | None, message: str, code: ErrorCode | str) -> None:
        self.errors.append(FieldError(field, message, code))

    def has(self, field: str) -> bool:
        return any(e.field == field for e in self.errors)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ServiceError(self.errors)
