"""Pollock's cell normalisation, re-implemented with the standard library.

The benchmark (pollock/data_types.py, normalize_cell) compares header cells and
records only after mapping each cell to a canonical form by its inferred type:

    empty / whitespace-only        unchanged
    "True"/"true"/"False"/"false", "0", "1"
                                   "1" / "0"
    anything else int() reads as 0 or 1 (" 1", "01", "+0")
                                   "True" / "False"  (str(bool(...)))
    int() reads it                 str(int(v))          " 12" -> "12"
    float() reads it               str(float(v))        ".5" -> "0.5", "1e5" -> "100000.0"
    a time (timeparser.parsetime)  "HH:MM:SS"           "0:15" -> "00:15:00"
    a date (dateutil.parser.parse) str(datetime)        "28/01/2018" -> "2018-01-28 00:00:00"
    a price (price_parser 0.3.4: currency symbol and a number anywhere in it)
                                   symbol + str(float)  "$0.90" -> "$0.9",
                                                        "12,RI-1639,$25.14,..." -> "$12.0"
    otherwise                      v.lower()

so, for instance, the whole text of a row fused into one cell still becomes
"$<first number>" when it holds a "$".  The three third-party parsers are
emulated here: dateutil's parser without fuzzy matching (its own default
parserinfo, except that only punctuation is skipped, as in Pollock), the
timeparser port shipped with Pollock, and price_parser 0.3.4 with its currency
lists read from price_parser_0.3.4_currencies.json.  Dates missing a part take
it from today, as dateutil does, so both sides of a comparison agree.
"""
import calendar
import datetime
import decimal
import functools
import json
import os
import re
import time

# ---------------------------------------------------------------- times
# timeparser.parsetime(s) (TimeFormats defaults): the digit runs of s become
# %H[%M[%S]]; the separators must be all ':' or all ' ', else the only formats
# allowed end in 'h' ("12h", "12:30 h").  Then datetime.strptime decides.
_TIME_H_FORMATS = ["%H:%M:%Sh", "%H:%M:%S h", "%H:%Mh", "%H:%M h", "%H%Mh",
                   "%H%M h", "%Hh", "%H h"]


def parse_time(s):
    values, seps = re.findall(r"\d+", s), re.findall(r"\D+", s)
    codes = ["%H", "%M", "%S"]
    if len(values) in (2, 3):
        code_lists = [codes[:len(values)]]
    elif len(values) == 1:
        n = len(values[0])
        code_lists = ([] if n > 6 else [codes] if n >= 5 else
                      [codes[:2], codes] if n >= 3 else
                      [codes[:1], codes[:2]] if n == 2 else [codes[:1]])
    else:
        return None
    if not seps:
        allowed = ["".join(c) for c in code_lists]
    elif len(set(seps)) == 1 and seps[0] in (":", " "):
        allowed = [seps[0].join(c) for c in code_lists]
    else:
        allowed = _TIME_H_FORMATS
    for c in code_lists:
        it = iter(c)
        fmt = "".join(("".join(c) if len(values) == 1 else next(it))
                      if part.isdigit() else part
                      for part in re.findall(r"\d+|\D+", s))
        if fmt in allowed:
            try:
                return datetime.datetime.strptime(s, fmt).time()
            except ValueError:
                pass
    return None


# ---------------------------------------------------------------- dates
# dateutil.parser.parse(s, parserinfo=Pollock's) with fuzzy=False.
_JUMP = {" ", ".", ",", ";", "-", "/", "'"}


def _names(groups, start=0):
    return {n.lower(): i for i, g in enumerate(groups, start) for n in g}


_WEEKDAYS = _names([("Mon", "Monday"), ("Tue", "Tuesday"), ("Wed", "Wednesday"),
                    ("Thu", "Thursday"), ("Fri", "Friday"), ("Sat", "Saturday"),
                    ("Sun", "Sunday")])
_MONTHS = _names([("Jan", "January"), ("Feb", "February"), ("Mar", "March"),
                  ("Apr", "April"), ("May",), ("Jun", "June"), ("Jul", "July"),
                  ("Aug", "August"), ("Sep", "Sept", "September"),
                  ("Oct", "October"), ("Nov", "November"),
                  ("Dec", "December")], 1)
_HMS = _names([("h", "hour", "hours"), ("m", "minute", "minutes"),
               ("s", "second", "seconds")])
_AMPM = _names([("am", "a"), ("pm", "p")])
_UTC = {"utc", "gmt", "z"}


def _date_tokens(s):
    """dateutil's _timelex: letter runs, digit runs (with '.' or ',' inside),
    every whitespace character as ' ', any other character alone."""
    s, out, i = s.replace("\0", ""), [], 0
    while i < len(s):
        c = s[i]
        i += 1
        if not (c.isalpha() or c.isdigit()):
            out.append(" " if c.isspace() else c)
            continue
        tok, state, letters = c, ("a" if c.isalpha() else "0"), False
        while i < len(s):
            c = s[i]
            if state == "a":
                letters = True
                if c == ".":
                    state = "a."
                elif not c.isalpha():
                    break
            elif state == "0":
                if c == "." or (c == "," and len(tok) >= 2):
                    state = "0."
                elif not c.isdigit():
                    break
            elif state == "a.":
                letters = True
                if c.isdigit() and tok[-1] == ".":
                    state = "0."
                elif not (c == "." or c.isalpha()):
                    break
            else:  # "0."
                if c.isalpha() and tok[-1] == ".":
                    state = "a."
                elif not (c == "." or c.isdigit()):
                    break
            tok += c
            i += 1
        if state in ("a.", "0.") and (letters or tok.count(".") > 1 or tok[-1] in ".,"):
            parts = [p for p in re.split("([.,])", tok) if p]
            tok, rest = parts[0], parts[1:]
        else:
            rest = []
        if state == "0." and "." not in tok:
            tok = tok.replace(",", ".")
        out += [tok] + rest
    return out


class _YMD(list):
    """Year, month and day values in order of appearance, some labelled."""

    def __init__(self):
        super().__init__()
        self.century = False
        self.idx = {}  # 'y'/'m'/'d' -> position

    def add(self, val, label=None):
        if isinstance(val, str) and val.isdigit() and len(val) > 2 or \
                not isinstance(val, str) and val > 100:
            self.century, label = True, "y"
        self.append(int(val))
        if label:
            if label in self.idx:
                raise ValueError(label)
            self.idx[label] = len(self) - 1

    def could_be_day(self, v):
        if "d" in self.idx:
            return False
        if "m" not in self.idx:
            return 1 <= v <= 31
        year = self[self.idx["y"]] if "y" in self.idx else 2000
        return 1 <= v <= calendar.monthrange(year, self[self.idx["m"]])[1]

    def resolve(self):  # dayfirst = yearfirst = False
        ids, n = self.idx, len(self)
        if n == len(ids) > 0 or (n == 3 and len(ids) == 2):
            if n == 3 and len(ids) == 2:
                missing = ({"y", "m", "d"} - set(ids)).pop()
                ids = dict(ids, **{missing: ({0, 1, 2} - set(ids.values())).pop()})
            return tuple(self[ids[k]] if k in ids else None for k in "ymd")
        m = ids.get("m")
        y = mo = d = None
        if n > 3:
            raise ValueError("more than three YMD values")
        if n == 1 or (m is not None and n == 2):
            other = self[m - 1] if m is not None else self[0]
            if m is not None:
                mo = self[m]
            if n > 1 or m is None:
                if other > 31:
                    y = other
                else:
                    d = other
        elif n == 2:
            if self[0] > 31:
                y, mo = self
            elif self[1] > 31:
                mo, y = self
            else:
                mo, d = self
        elif n == 3:
            a, b, c = self
            if m == 0:
                mo, y, d = (a, b, c) if b > 31 else (a, c, b)
            elif m == 1:
                y, mo, d = (a, b, c) if a > 31 else (c, b, a)
            elif m == 2:
                d, y, mo = (a, b, c) if b > 31 else (b, a, c)
            elif a > 31 or ids.get("y") == 0:
                y, mo, d = a, b, c
            elif a > 12:
                d, mo, y = a, b, c
            else:
                mo, d, y = a, b, c
        return y, mo, d


def _dec(s):
    try:
        v = decimal.Decimal(s)
    except decimal.InvalidOperation:
        raise ValueError(s)
    if not v.is_finite():
        raise ValueError(s)
    return v


def _sec_us(s):
    if "." not in s:
        return int(s), 0
    i, f = s.split(".")
    return int(i), int(f.ljust(6, "0")[:6])


def _min_sec(v):
    return int(v), (int(60 * (v % 1)) if v % 1 else None)


def _ampm_hour(hour, pm):
    return hour + 12 if hour < 12 and pm else 0 if hour == 12 and not pm else hour


def _numeric(t, i, ymd, r):
    """One numeric token of dateutil's _parse_numeric_token; returns the index
    of the last token used."""
    value, n, L = _dec(t[i]), len(t), len(t[i])
    nxt = t[i + 1] if i + 1 < n else None
    hms_idx = (i + 1 if nxt is not None and nxt.lower() in _HMS else
               i + 2 if i + 2 < n and nxt == " " and t[i + 2].lower() in _HMS else
               i - 1 if i > 0 and t[i - 1].lower() in _HMS else
               i - 2 if 1 < i == n - 1 and t[i - 1] == " " and t[i - 2].lower() in _HMS
               else None)
    if (len(ymd) == 3 and L in (2, 4) and r["hour"] is None and
            (nxt is None or (nxt != ":" and nxt.lower() not in _HMS))):
        r["hour"] = int(t[i][:2])
        if L == 4:
            r["minute"] = int(t[i][2:])
    elif L == 6 or (L > 6 and t[i].find(".") == 6):
        if not ymd and "." not in t[i]:
            for a, b in ((0, 2), (2, 4), (4, None)):
                ymd.add(t[i][a:b])
        else:
            r["hour"], r["minute"] = int(t[i][:2]), int(t[i][2:4])
            r["second"], r["microsecond"] = _sec_us(t[i][4:])
    elif L in (8, 12, 14):
        ymd.add(t[i][:4], "y")
        ymd.add(t[i][4:6])
        ymd.add(t[i][6:8])
        if L > 8:
            r["hour"], r["minute"] = int(t[i][8:10]), int(t[i][10:12])
            if L > 12:
                r["second"] = int(t[i][12:])
    elif hms_idx is not None:
        hms = _HMS[t[hms_idx].lower()] + (0 if hms_idx > i else 1)
        if hms == 0:
            r["hour"] = int(value)
            if value % 1:
                r["minute"] = int(60 * (value % 1))
        elif hms == 1:
            r["minute"], r["second"] = _min_sec(value)
        elif hms == 2:
            r["second"], r["microsecond"] = _sec_us(t[i])
        return max(i, hms_idx)
    elif i + 2 < n and nxt == ":":
        r["hour"] = int(value)
        r["minute"], r["second"] = _min_sec(_dec(t[i + 2]))
        if i + 4 < n and t[i + 3] == ":":
            r["second"], r["microsecond"] = _sec_us(t[i + 4])
            i += 2
        i += 2
    elif nxt in ("-", "/", "."):
        ymd.add(t[i])
        if i + 2 < n and t[i + 2] not in _JUMP:
            if t[i + 2].isdigit():
                ymd.add(t[i + 2])
            elif t[i + 2].lower() in _MONTHS:
                ymd.add(_MONTHS[t[i + 2].lower()], "m")
            else:
                raise ValueError(t[i + 2])
            if i + 3 < n and t[i + 3] == nxt:
                mo = _MONTHS.get(t[i + 4].lower())
                ymd.add(mo, "m") if mo is not None else ymd.add(t[i + 4])
                i += 2
            i += 1
        i += 1
    elif nxt is None or nxt in _JUMP:
        if i + 2 < n and t[i + 2].lower() in _AMPM:
            r["hour"] = _ampm_hour(int(value), _AMPM[t[i + 2].lower()])
            i += 1
        else:
            ymd.add(value)
        i += 1
    elif nxt.lower() in _AMPM and 0 <= value < 24:
        r["hour"] = _ampm_hour(int(value), _AMPM[nxt.lower()])
        i += 1
    elif ymd.could_be_day(value):
        ymd.add(value)
    else:
        raise ValueError(t[i])
    return i


def _parse_fields(s):
    t, ymd = _date_tokens(s), _YMD()
    r = dict.fromkeys(["hour", "minute", "second", "microsecond", "weekday",
                       "ampm", "tzname", "tzoffset"])
    i = 0
    while i < len(t):
        tok, low = t[i], t[i].lower()
        try:
            float(tok)
            numeric = True
        except ValueError:
            numeric = False
        if numeric:
            i = _numeric(t, i, ymd, r)
        elif low in _WEEKDAYS:
            r["weekday"] = _WEEKDAYS[low]
        elif low in _MONTHS:
            ymd.add(_MONTHS[low], "m")
            if i + 1 < len(t) and t[i + 1] in ("-", "/"):
                ymd.add(t[i + 2])
                if i + 3 < len(t) and t[i + 3] == t[i + 1]:
                    ymd.add(t[i + 4])
                    i += 2
                i += 2
            elif i + 4 < len(t) and t[i + 1] == t[i + 3] == " " and t[i + 2].lower() == "of":
                if t[i + 4].isdigit():
                    ymd.add(str(_full_year(int(t[i + 4]), False)), "y")
                i += 4
        elif low in _AMPM:
            if r["hour"] is None or not 0 <= r["hour"] <= 12:
                raise ValueError("am/pm without a 12-hour clock hour")
            r["hour"], r["ampm"] = _ampm_hour(r["hour"], _AMPM[low]), _AMPM[low]
        elif (r["hour"] is not None and r["tzname"] is None and r["tzoffset"] is None
              and len(tok) <= 5 and (all("A" <= c <= "Z" for c in tok) or tok in ("UTC", "GMT", "Z", "z"))):
            r["tzname"], r["tzoffset"] = tok, (0 if tok in _UTC else None)  # sic: not lowered
            if i + 1 < len(t) and t[i + 1] in ("+", "-"):
                t[i + 1] = "-" if t[i + 1] == "+" else "+"
                r["tzoffset"] = None
                if low in _UTC:
                    r["tzname"] = None
        elif r["hour"] is not None and tok in ("+", "-"):
            off = t[i + 1]
            if len(off) == 4:
                h, m = int(off[:2]), int(off[2:])
            elif i + 2 < len(t) and t[i + 2] == ":":
                h, m = int(off), int(t[i + 3])
                i += 2
            elif len(off) <= 2:
                h, m = int(off[:2]), 0
            else:
                raise ValueError(off)
            r["tzoffset"] = (1 if tok == "+" else -1) * (h * 3600 + m * 60)
            if (i + 5 < len(t) and t[i + 2] in _JUMP and t[i + 3] == "(" and t[i + 5] == ")"
                    and 3 <= len(t[i + 4]) <= 5 and r["tzname"] is None
                    and all("A" <= c <= "Z" for c in t[i + 4])):
                r["tzname"] = t[i + 4]
                i += 4
            i += 1
        elif tok not in _JUMP:
            raise ValueError(tok)
        i += 1
    r["year"], r["month"], r["day"] = ymd.resolve()
    if r["year"] is not None:
        r["year"] = _full_year(r["year"], ymd.century)
    if (r["tzoffset"] == 0 and not r["tzname"]) or r["tzname"] in ("Z", "z"):
        r["tzname"], r["tzoffset"] = "UTC", 0
    elif r["tzoffset"] != 0 and r["tzname"] and r["tzname"].lower() in _UTC:
        r["tzoffset"] = 0
    return r


def _full_year(y, century_given):
    this = datetime.date.today().year
    if y < 100 and not century_given:
        y += this // 100 * 100
        y += -100 if y >= this + 50 else 100 if y < this - 50 else 0
    return y


class ScorerCrash(Exception):
    """normalize_cell raises in Pollock itself for this cell; its evaluate.py
    then scores the file 0 on everything but success."""


def parse_date(s):
    """datetime as dateutil.parser.parse would give it, or None."""
    try:
        r = _parse_fields(s)
        if all(v is None for v in r.values()):
            return None  # "String does not contain a date"
        default = datetime.datetime.combine(datetime.date.today(), datetime.time())
        year = default.year if r["year"] is None else r["year"]
        month = default.month if r["month"] is None else r["month"]
        repl = {k: r[k] for k in ("year", "month", "day", "hour", "minute",
                                  "second", "microsecond") if r[k] is not None}
        if "day" not in repl:
            repl["day"] = min(default.day, calendar.monthrange(year, month)[1])
        d = default.replace(**repl)
        if r["weekday"] is not None and not r["day"]:
            d += datetime.timedelta(days=(r["weekday"] - d.weekday()) % 7)
        if r["tzname"] and r["tzname"] in time.tzname:  # the local zone
            local = -(time.timezone, time.altzone)[time.tzname.index(r["tzname"])]
            d = d.replace(tzinfo=datetime.timezone(datetime.timedelta(seconds=local)))
        elif r["tzoffset"] is not None:  # an unknown zone name alone stays naive
            if abs(r["tzoffset"]) >= 86400:
                raise ScorerCrash("dateutil accepts the UTC offset in %r but str() of the "
                                  "datetime fails: Pollock's scorer crashes" % s)
            d = d.replace(tzinfo=datetime.timezone(datetime.timedelta(seconds=r["tzoffset"])))
        return d
    except (ValueError, IndexError, OverflowError):
        return None


# ---------------------------------------------------------------- prices
# price_parser 0.3.4 Price.fromstring(s): a currency symbol found anywhere
# (dollar codes like "NZD" first when there is a "$", then the "safe" symbols,
# then the others) and the first number-looking run of the text.
def _load_currencies():
    here = os.path.dirname(os.path.abspath(__file__))
    candidates = [os.environ.get("POLLOCK_CURRENCIES", ""),
                  os.path.join(here, "..", "..", "..", "shared", "testdata", "pollock",
                               "price_parser_0.3.4_currencies.json"),
                  "/work/shared/testdata/pollock/price_parser_0.3.4_currencies.json"]
    for path in candidates:
        if path and os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                return json.load(f)
    raise SystemExit("price_parser_0.3.4_currencies.json not found; set POLLOCK_CURRENCIES")


_CUR = _load_currencies()


def _alternation(symbols):
    return "|".join(map(re.escape, symbols))


_DOLLAR_CODE = re.compile(r"\b(?:%s)(?=\$?(?:[\W\d]|$))" % _alternation(_CUR["dollar_codes"]))
_SAFE = re.compile(_alternation(_CUR["safe_symbols_in_search_order"]))
_OTHER = re.compile(_alternation(_CUR["other_symbols_in_search_order"]))
_EURO_PRICE = re.compile(r"[\d\s.,]*?\d\s*?€(\s*?)?\d(?(1)\d|\d*?)(?:$|[^\d])")
_PRICE = re.compile(r"([.]?\d[\d\s.,]*)\s*?(?:[^%\d]|$)")
_DECIMAL_SEP = re.compile(r"\d*([.,€])(?:\d{1,2}?|\d{4}\d*?)$")


def parse_price(s):
    """(currency, float amount) as price_parser 0.3.4 gives them, or None."""
    m = ("$" in s and _DOLLAR_CODE.search(s)) or _SAFE.search(s) or _OTHER.search(s)
    if not m:
        return None
    currency = m.group(0).strip()
    text = re.sub(r"\s+", " ", s)
    m = text.count("€") == 1 and _EURO_PRICE.search(text)
    if m:
        amount = m.group(0).replace(" ", "")
    elif _PRICE.search(text):
        amount = _PRICE.search(text).group(1).rstrip(",.")
        amount = amount.strip() if amount.count(".") == 1 else amount.lstrip(",.").strip()
    elif "free" in text.lower():
        amount = "0"
    else:
        return None
    num = amount.strip().replace(" ", "")
    if not num:
        return None
    sep = _DECIMAL_SEP.search(num)
    sep = sep.group(1) if sep else None
    if sep is None:
        num = num.replace(".", "").replace(",", "")
    elif sep == ".":
        num = num.replace(",", "")
    elif sep == ",":
        num = num.replace(".", "").replace(",", ".")
    else:
        num = num.replace(".", "").replace(",", "").replace("€", ".")
    try:
        return currency, float(decimal.Decimal(num))
    except decimal.InvalidOperation:
        return None


# ---------------------------------------------------------------- the cell
@functools.lru_cache(maxsize=1 << 18)
def normalize_cell(v):
    if v == "" or v.isspace():
        return v
    try:
        if v in ("True", "true", "False", "false") or int(v) in (0, 1):
            return ("0" if v in ("False", "false", "0") else "1" if v in ("True", "true", "1")
                    else str(bool(int(v))))
    except ValueError:
        pass
    for convert in (int, float):
        try:
            return str(convert(v))
        except ValueError:
            pass
    t = parse_time(v)
    if t is not None:
        return str(t)
    d = parse_date(v)
    if d is not None:
        return str(d)
    p = parse_price(v)
    if p is not None:
        return p[0] + str(p[1])
    return v.lower()
