def fmt(rec, ctx):
    return f"{rec['method']} {rec['path']} -> {rec['status']}"
