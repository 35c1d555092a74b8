"""CLI commands for accounts: user add|remove|role|passwd|list|token."""
from __future__ import annotations

import json

import click

from corpus.accounts import ROLES, Accounts

from .cli import main
from .workspace import Workspace


@main.group("user")
def user_group():
    """Manage accounts: viewer (search, read), editor (add, tag, correct), admin (train, users).

    \b
    Example:
      haiquan user add lan --role editor
      haiquan user list
    """


@user_group.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(ROLES), default="viewer", show_default=True, help="What the user may do.")
@click.option("--password", default=None, help="Password (default: a random one, printed once).")
@click.pass_obj
def user_add(ws: Workspace, name, role, password):
    """Create a user.

    \b
    Example:
      haiquan user add minh --role admin
    """
    pw = Accounts(ws.archive).add(name, role, password)
    click.echo(f"user {name} ({role}) created" + ("" if password else f"; password: {pw}"))


@user_group.command("remove")
@click.argument("name")
@click.pass_obj
def user_remove(ws: Workspace, name):
    """Delete a user and their API tokens.

    \b
    Example:
      haiquan user remove lan
    """
    Accounts(ws.archive).remove(name)
    click.echo(f"user {name} removed")


@user_group.command("role")
@click.argument("name")
@click.argument("role", type=click.Choice(ROLES))
@click.pass_obj
def user_role(ws: Workspace, name, role):
    """Change a user's role (the only admin keeps theirs until there is another).

    \b
    Example:
      haiquan user role lan admin
    """
    Accounts(ws.archive).set_role(name, role)
    click.echo(f"{name} is now {role}")


@user_group.command("passwd")
@click.argument("name")
@click.option("--password", default=None, help="The new password (asked for, twice, when not given).")
@click.pass_obj
def user_passwd(ws: Workspace, name, password):
    """Set a user's password (their API tokens are revoked).

    \b
    Example:
      haiquan user passwd lan
    """
    accounts = Accounts(ws.archive)
    accounts.get(name)  # an unknown user is said before the password is asked for
    if password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    accounts.set_password(name, password)
    click.echo(f"password of {name} changed")


@user_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def user_list(ws: Workspace, as_json):
    """List users and roles.

    \b
    Example:
      haiquan user list
    """
    users = Accounts(ws.archive).list()
    if as_json:
        click.echo(json.dumps(users, ensure_ascii=False, indent=2))
    for u in users if not as_json else []:
        click.echo(f"{u['name']:<20} {u['role']:<8} {u['created_at']}")


@user_group.command("token")
@click.argument("name")
@click.option("--label", default="cli", show_default=True, help="A note to remember what the token is for.")
@click.pass_obj
def user_token(ws: Workspace, name, label):
    """Create an API token for a user (printed once; use as 'Authorization: Bearer TOKEN').

    \b
    Example:
      haiquan user token lan --label import-script
    """
    click.echo(Accounts(ws.archive).create_token(name, label))
