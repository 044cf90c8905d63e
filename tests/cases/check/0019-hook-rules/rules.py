import weir

def setup(ctx):
    ctx.state["seen"] = 0

def email_domain(rec, ctx):
    email = rec["email"]
    if not email:
        return False                       # the rule's message template
    if "." not in email.split("@")[-1]:
        return f"no top-level domain in {email!r}"
    return True

def several(rec, ctx):
    return [weir.Violation(f"status {rec['status']}", field="status"),
            weir.Violation("checked by a person?", field="name", severity="info")]

def counted(rec, ctx):
    ctx.state["seen"] += 1
    return None

def teardown(ctx):
    print("rules saw", ctx.state["seen"], "records")
