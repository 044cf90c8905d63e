# pandas peer (from shared/bench/peers.sh), used only when an interpreter with
# pandas is found.  usage: pd.py TASK FILE
import sys
import pandas as pd
task, f = sys.argv[1], sys.argv[2]
o = sys.stdout
if task == "T1":
    pd.read_csv(f).to_csv(o, index=False)
elif task == "T3":
    pd.read_csv(f, usecols=["id", "status", "path"])[["id", "status", "path"]].to_csv(o, index=False)
elif task == "T6":
    pd.read_csv(f).to_json(o, orient="records", lines=True)
    o.write("\n")
elif task == "J2C":
    pd.read_json(f, lines=True).to_csv(o, index=False)
