def parse(line, ctx):
    if not line.strip():
        return None
    key, value = line.split(" ", 1)
    return {"key": key, "value": value}
