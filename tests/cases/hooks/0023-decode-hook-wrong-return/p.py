def parse(line, ctx):
    return line
