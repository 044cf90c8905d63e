function hdr(h) { print h ",api" }
function act(   m, seg) {
    if (f[7] + 0 > 100) {
        m = split(f[4], seg, "/")
        print rec "," csvq(m >= 3 ? seg[3] : "")
    }
}
