"""Seeds for fuzz_expr: every filter/derive/rule expression in the case
folders' commands, one file each (tests/fuzz/run.sh calls this)."""
import hashlib
import pathlib
import shlex
import sys

cases, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
out.mkdir(parents=True, exist_ok=True)
for cmd in cases.rglob("cmd"):
    try:
        words = shlex.split(cmd.read_text(errors="replace"), comments=True)
    except ValueError:
        continue
    for verb, arg in zip(words, words[1:]):
        if verb in ("filter", "--rule") or (verb == "derive" and "=" in arg):
            expr = arg.split("=", 1)[1] if verb == "derive" else arg.split(":", 1)[-1]
            seed = expr.strip() + "\n3,x,,404,/a/b,2024-05-06,\"{\"\"k\"\":2}\",1e3\n"
            name = hashlib.md5(seed.encode()).hexdigest()[:16]
            (out / name).write_text(seed)
