"""Accounts kept in the archive: users with a role and a hashed password, and API tokens."""
from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets

from .errors import ArchiveError, Conflict, NotFound
from .store import Archive, now

ROLES = ("viewer", "editor", "admin")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{1,63}$")
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}
MIN_PASSWORD = 8


class AuthError(ArchiveError):
    """Wrong user name, password or token."""


def hash_password(password: str) -> str:
    """scrypt with a random salt, as ``scrypt$n$r$p$salt$hash``."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, dklen=32, **_SCRYPT)
    enc = lambda b: base64.b64encode(b).decode("ascii")  # noqa: E731
    return f"scrypt${_SCRYPT['n']}${_SCRYPT['r']}${_SCRYPT['p']}${enc(salt)}${enc(digest)}"


def check_password(password: str, stored: str) -> bool:
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind != "scrypt":
            return False
        got = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt), dklen=32,
                             n=int(n), r=int(r), p=int(p))
        return hmac.compare_digest(got, base64.b64decode(digest))
    except (ValueError, TypeError):
        return False


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class Accounts:
    """User and token operations on an archive."""

    def __init__(self, archive: Archive):
        self.archive = archive

    def count(self) -> int:
        return self.archive.db.execute("SELECT COUNT(*) FROM users").fetchone()[0]

    def list(self) -> list[dict]:
        rows = self.archive.db.execute("SELECT name, role, created_at FROM users ORDER BY name")
        return [dict(r) for r in rows]

    def get(self, name: str) -> dict:
        row = self.archive.db.execute("SELECT name, role, created_at FROM users WHERE name = ?", (name,)).fetchone()
        if row is None:
            raise NotFound(f"no user {name!r}")
        return dict(row)

    @staticmethod
    def _check(name: str, role: str | None, password: str | None) -> None:
        if not isinstance(name, str) or not _NAME.match(name):
            raise ArchiveError("user name: 2–64 letters, digits and . _ @ -")
        if role is not None and role not in ROLES:
            raise ArchiveError(f"role must be one of {', '.join(ROLES)}")
        if password is not None and (not isinstance(password, str) or len(password) < MIN_PASSWORD):
            raise ArchiveError(f"password must have at least {MIN_PASSWORD} characters")

    def add(self, name: str, role: str, password: str | None = None) -> str:
        """Create a user; returns the password (a random one when none is given)."""
        password = password or secrets.token_urlsafe(12)
        self._check(name, role, password)
        with self.archive.transaction() as db:
            same = db.execute("SELECT name FROM users WHERE lower(name) = lower(?)", (name,)).fetchone()
            if same:  # "Lan" beside "lan" would pass for one another
                raise Conflict(f"user {same['name']!r} already exists")
            db.execute("INSERT INTO users VALUES (?, ?, ?, ?)", (name, role, hash_password(password), now()))
        return password

    @staticmethod
    def _keep_an_admin(db, name: str, action: str) -> None:
        row = db.execute("SELECT role FROM users WHERE name = ?", (name,)).fetchone()
        if row is None:
            raise NotFound(f"no user {name!r}")
        admins = db.execute("SELECT COUNT(*) FROM users WHERE role = 'admin'").fetchone()[0]
        if row["role"] == "admin" and admins == 1:
            raise Conflict(f"cannot {action} {name!r}, the only admin: make another user admin first")

    def remove(self, name: str) -> None:
        with self.archive.transaction() as db:
            self._keep_an_admin(db, name, "remove")
            db.execute("DELETE FROM users WHERE name = ?", (name,))

    def set_password(self, name: str, password: str) -> None:
        self._check(name, None, password)
        with self.archive.transaction() as db:
            if db.execute("UPDATE users SET password_hash = ? WHERE name = ?",
                          (hash_password(password), name)).rowcount == 0:
                raise NotFound(f"no user {name!r}")
            db.execute("DELETE FROM tokens WHERE user_name = ?", (name,))

    def set_role(self, name: str, role: str) -> None:
        self._check(name, role, None)
        with self.archive.transaction() as db:
            if role != "admin":
                self._keep_an_admin(db, name, "take admin rights from")
            if db.execute("UPDATE users SET role = ? WHERE name = ?", (role, name)).rowcount == 0:
                raise NotFound(f"no user {name!r}")

    def authenticate(self, name: str, password: str) -> dict:
        row = self.archive.db.execute("SELECT name, role, password_hash FROM users WHERE name = ?",
                                      (name,)).fetchone() if isinstance(name, str) else None
        if row is None or not isinstance(password, str) or not check_password(password, row["password_hash"]):
            raise AuthError("wrong user name or password")
        return {"name": row["name"], "role": row["role"]}

    def create_token(self, name: str, label: str = "") -> str:
        """A new API token for a user (shown once; only its hash is stored)."""
        self.get(name)
        token = "hq_" + secrets.token_urlsafe(32)
        with self.archive.transaction() as db:
            db.execute("INSERT INTO tokens VALUES (?, ?, ?, ?, NULL)", (_token_hash(token), name, label[:100], now()))
        return token

    def user_for_token(self, token: str) -> dict:
        row = self.archive.db.execute(
            "SELECT u.name, u.role FROM tokens t JOIN users u ON u.name = t.user_name WHERE t.token_hash = ?",
            (_token_hash(token),)).fetchone() if isinstance(token, str) else None
        if row is None:
            raise AuthError("invalid API token")
        return dict(row)
