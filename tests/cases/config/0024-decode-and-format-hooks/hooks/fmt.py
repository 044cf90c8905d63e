def fmt(rec, ctx):
    return f"{rec['key']} => {rec['value']}"
