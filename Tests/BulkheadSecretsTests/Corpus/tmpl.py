"""Template substitution: @@name@@ / @@name:arg@@ -> value (kwargs first, else a fresh generator call)."""
import re

import genlib as g

GEN = {
    "uuid": lambda a: g.uuid(), "sha256": lambda a: g.sha256(), "sha1": lambda a: g.sha1(),
    "md5": lambda a: g.md5(), "integrity": lambda a: g.integrity(),
    "hex": lambda a: g.hexs(int(a)), "alnum": lambda a: g.alnum(int(a)), "digits": lambda a: g.digits(int(a)),
    "b64": lambda a: g.b64(int(a)), "b64nopad": lambda a: g.b64nopad(int(a)),
    "upalnum": lambda a: g.rs(g.UPPER_ALNUM, int(a)), "lowalnum": lambda a: g.rs(g.LOWER_ALNUM, int(a)),
    "b64u": lambda a: g.rs(g.B64U, int(a)),
    "pw": lambda a: g.pw(int(a) if a else None), "pwurl": lambda a: g.pwurl(int(a) if a else None),
    "pwalnum": lambda a: g.pwalnum(int(a) if a else None), "pwhuman": lambda a: g.pw_human(),
    "djangokey": lambda a: g.django_key(), "wpsalt": lambda a: g.wp_salt(),
    "ghp": lambda a: g.gh("ghp"), "gho": lambda a: g.gh("gho"), "ghu": lambda a: g.gh("ghu"),
    "ghs": lambda a: g.gh("ghs"), "ghr": lambda a: g.gh("ghr"), "github_pat": lambda a: g.github_pat(),
    "glpat": lambda a: g.glpat(), "akid": lambda a: g.akid(), "asia": lambda a: g.akid("ASIA"),
    "awssk": lambda a: g.awssk(), "awssess": lambda a: g.aws_session_token(),
    "xoxb": lambda a: g.xoxb(), "xoxp": lambda a: g.xoxp(), "xoxa": lambda a: g.xoxa(),
    "xoxr": lambda a: g.xoxr(), "xapp": lambda a: g.xapp(), "slackhook": lambda a: g.slackhook(),
    "sk_live": lambda a: g.sk_live(int(a) if a else 99), "sk_test": lambda a: g.sk_test(int(a) if a else 99),
    "rk_live": lambda a: g.rk_live(), "pk_live": lambda a: g.pk_live(), "pk_test": lambda a: g.pk_test(),
    "whsec": lambda a: g.whsec(), "twsk": lambda a: g.twsk(), "twac": lambda a: g.twac(),
    "sendgrid": lambda a: g.sendgrid(), "npm": lambda a: g.npm(), "pypi": lambda a: g.pypi(),
    "dckr": lambda a: g.dckr_pat(), "sonar": lambda a: g.sonar(), "azure": lambda a: g.azure(),
    "jwt": lambda a: g.jwt(a or "HS256"), "satoken": lambda a: g.k8s_sa_token(),
    "png": lambda a: g.png(int(a) if a else 16), "gif": lambda a: g.gif(), "mapbox": lambda a: g.mapbox_public(),
    "woff2": lambda a: g.woff2_blob(int(a) if a else 900),
}

PH = re.compile(r"@@([A-Za-z0-9_]+)(?::([A-Za-z0-9_.,-]*))?@@")


def T(text, **kw):
    if text.startswith("\n"):
        text = text[1:]

    def sub(m):
        name, arg = m.group(1), m.group(2)
        if name in kw:
            return str(kw[name])
        if name not in GEN:
            raise KeyError(f"unknown placeholder {name}")
        return GEN[name](arg)

    return PH.sub(sub, text)
