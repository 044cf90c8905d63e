# Portable (gawk + mawk) RFC 4180 CSV reading, from shared/bench/peers.sh: a
# record may span lines (quote parity); lines without a quote take the fast
# split(); others are split by csvsplit(). A task file defines act() and hdr();
# globals rec, f, n.
function csvsplit(s, f,    k, p, v) {
    k = 0
    while (1) {
        k++
        if (substr(s, 1, 1) == "\"") {
            v = ""; s = substr(s, 2)
            while (1) {
                p = index(s, "\"")
                v = v substr(s, 1, p - 1); s = substr(s, p + 1)
                if (substr(s, 1, 1) == "\"") { v = v "\""; s = substr(s, 2) } else break
            }
            f[k] = v
            if (s == "") return k
            s = substr(s, 2)
        } else {
            p = index(s, ",")
            if (p == 0) { f[k] = s; return k }
            f[k] = substr(s, 1, p - 1); s = substr(s, p + 1)
        }
    }
}
function nquotes(s) { return gsub(/"/, "", s) }
function csvq(s) {
    if (s ~ /[",\r\n]/) { gsub(/"/, "\"\"", s); return "\"" s "\"" }
    return s
}
NR == 1 { hdr($0); next }
{
    if (pend == "") {
        if (index($0, "\"") == 0) { rec = $0; n = split(rec, f, ","); act(); next }
        rec = $0
    } else rec = pend "\n" $0
    if (nquotes(rec) % 2) { pend = rec; next }
    pend = ""
    n = csvsplit(rec, f)
    act()
}
