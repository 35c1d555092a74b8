"""Every route with every role: allowed, 403, or a redirect to the login page (401 for the API)."""
import pytest

from webapp.auth import ROLE_RANK, ROUTE_ROLES

from .conftest import login

ARGS = {"article_id": "u2", "name": "vien", "job_id": "no-such-job"}
# Bodies that pass the role check but do no lasting harm (no training job is started).
BODIES = {"api.train": {"promote": "bogus"}, "api.set_label": {"label": "legal"},
          "api.create_article": {"title": "t", "body": "Nội dung kiểm tra vai trò."},
          "api.classify": {"body": "Nội dung"}}
FORMS = {"models.train": {"promote": "bogus"}, "editing.set_label": {"label": "legal"},
         "editing.review_decide": {"label": "legal"}, "users.create": {"name": "moi", "role": "viewer"}}


def routes(app):
    out = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            out.append((rule, method))
    # logging out ends the walk's session: do it last
    return sorted(out, key=lambda rm: rm[0].endpoint == "account.logout")


def test_every_route_declares_a_role(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints <= set(ROUTE_ROLES), endpoints - set(ROUTE_ROLES)
    assert set(ROUTE_ROLES) <= endpoints, set(ROUTE_ROLES) - endpoints


@pytest.mark.parametrize("who", [None, "vien", "bien", "quan"])
def test_role_walk(app, client, who):
    from classifier import ModelRegistry
    version = ModelRegistry(app.config["MODELS_DIR"]).current_version()
    role = {"vien": "viewer", "bien": "editor", "quan": "admin"}.get(who)
    if who:
        token = login(client, who)
    else:
        client.get("/login")
        with client.session_transaction() as s:
            token = s["csrf"]
    checked = 0
    for rule, method in routes(app):
        values = {a: (version if a == "version" else "confusion.png" if a == "name" and "models" in rule.endpoint
                      else ARGS[a]) for a in rule.arguments}
        url = rule.build(values, append_unknown=False)[1]
        headers = {"X-CSRF-Token": token}
        kwargs = {"headers": headers}
        if method in ("POST", "PUT", "DELETE"):
            if rule.rule.startswith("/api/"):
                kwargs["json"] = BODIES.get(rule.endpoint, {})
            else:
                kwargs["data"] = {"csrf_token": token, **FORMS.get(rule.endpoint, {})}
        r = client.open(url, method=method, **kwargs)
        need = ROUTE_ROLES[rule.endpoint]
        where = f"{method} {url} as {who or 'anonymous'}: {r.status_code}"
        if need is None:  # public: the login form (401 for a wrong password) and the API document
            assert r.status_code != 403, where
        elif role is None:
            if rule.rule.startswith("/api/"):
                assert r.status_code == 401 and r.is_json, where
            else:
                assert r.status_code == 302 and "/login?next=" in r.headers["Location"], where
        elif ROLE_RANK[role] < ROLE_RANK[need]:
            assert r.status_code == 403, where
        else:
            assert r.status_code not in (401, 403), where
            assert "/login?next=" not in r.headers.get("Location", ""), where
            assert r.status_code < 500, where
        checked += 1
    assert checked >= 35
