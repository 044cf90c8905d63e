def no_email(rec, ctx):
    if "@" in rec["note"]:
        return "note holds an email address"
