function hdr(h) { print h }
function act() { if (f[5] + 0 >= 500) print rec }
