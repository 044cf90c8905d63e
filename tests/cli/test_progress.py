"""The progress line (cli/progress_line.hpp) as a terminal sees it.

Each weir reads a FIFO fed slowly (half the rows, a pause longer than the
line's one-second delay, the rest), with stderr on a pseudo-terminal or a
pipe. The runs go side by side, so the test takes one pause, not seven.
Run by ctest (cli/progress), which sets WEIR.
"""

import os
import pty
import re
import subprocess
import threading
import time

WEIR = os.environ["WEIR"]
PAUSE = 1.6  # seconds: the line appears after 1 s
ROWS = "id,name,bytes\n" + "".join(f"{i},user{i % 13},{i * 7}\n" for i in range(4000))
LINE = re.compile(r"\rweir: [0-9.]+ (B|KB|MB), [0-9,]+ records(, [0-9.]+ MB/s)?\x1b\[K")


class Run:
    """weir ARGS... FIFO, stdout to a pipe, stderr to a pseudo-terminal or a pipe."""

    def __init__(self, tmp_path, name, args, tty, term="xterm"):
        self.fifo = tmp_path / f"{name}.csv"
        os.mkfifo(self.fifo)
        stderr = subprocess.PIPE
        if tty:
            self.master, slave = pty.openpty()
            stderr = slave
        self.proc = subprocess.Popen([WEIR, *args, str(self.fifo)], stdin=subprocess.DEVNULL,
                                     stdout=subprocess.PIPE, stderr=stderr, env=dict(os.environ, TERM=term))
        if tty:
            os.close(slave)
        self.feeder = threading.Thread(target=self.feed)
        self.feeder.start()
        self.tty = tty

    def feed(self):
        half = ROWS.index("\n", len(ROWS) // 2) + 1
        with open(self.fifo, "w") as f:
            f.write(ROWS[:half])
            f.flush()
            time.sleep(PAUSE)
            f.write(ROWS[half:])

    def finish(self):
        out = self.proc.stdout.read()
        if self.tty:
            err = b""
            while True:
                try:
                    chunk = os.read(self.master, 4096)
                except OSError:  # EIO: weir closed the terminal
                    break
                if not chunk:
                    break
                err += chunk
            os.close(self.master)
        else:
            err = self.proc.stderr.read()
        self.proc.wait()
        self.feeder.join()
        return self.proc.returncode, out, err.decode()


def expected(args):
    plain = subprocess.run([WEIR, *args, "-"], input=ROWS.encode(), capture_output=True, check=True)
    return plain.stdout


def test_the_line_on_a_terminal_is_drawn_then_erased_and_absent_elsewhere(tmp_path):
    filt = ["filter", "bytes % 2 == 0", "then", "cut", "-f", "id,name"]
    runs = {
        "tty": Run(tmp_path, "tty", filt, tty=True),                 # on a terminal: drawn
        "forced": Run(tmp_path, "forced", ["--progress", *filt], tty=True),
        "threads": Run(tmp_path, "threads", ["-j", "2", *filt], tty=True),
        "pipe": Run(tmp_path, "pipe", filt, tty=False),              # stderr a pipe: nothing
        "off": Run(tmp_path, "off", ["--no-progress", *filt], tty=True),
        "dumb": Run(tmp_path, "dumb", filt, tty=True, term="dumb"),  # cannot clear a line
        "forced-pipe": Run(tmp_path, "forced-pipe", ["--progress", *filt], tty=False),
    }
    results = {name: run.finish() for name, run in runs.items()}
    want = expected(filt)
    for name, (code, out, err) in results.items():
        assert code == 0, (name, err)
        assert out == want, name  # stdout is the same, line or not
    for name in ("tty", "forced", "threads", "forced-pipe"):
        err = results[name][2]
        lines = LINE.findall(err)
        assert lines, (name, err)
        # nothing but redrawn lines, the last one erased at the end
        assert err.endswith("\r\x1b[K"), (name, err)
        assert LINE.sub("", err) == "\r\x1b[K", (name, err)
        # the second half was read after the line first appeared
        records = [int(m.replace(",", "")) for m in re.findall(r", ([0-9,]+) records", err)]
        assert records == sorted(records) and records[-1] <= 4000, (name, records)
    assert results["pipe"][2] == ""
    assert results["off"][2] == ""
    assert results["dumb"][2] == ""
