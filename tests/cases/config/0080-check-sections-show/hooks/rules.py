def valid_ip(rec, ctx):
    """A rule hook: None passes, a string is a violation."""
    if rec["ip"].count(".") != 3:
        return "not an IPv4 address: {}".format(rec["ip"])
