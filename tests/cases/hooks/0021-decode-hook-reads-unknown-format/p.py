def parse(line, ctx):
    if line.startswith("#"):
        return None
    method, path, status = line.split()
    return {"method": method, "path": path, "status": int(status)}
