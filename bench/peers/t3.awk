# T3 action for csvlib.awk (from shared/bench/peers.sh)
# columns: 1 id 2 ts 3 method 4 path 5 status 6 bytes 7 latency_ms 8 user_agent 9 ip 10 country 11 note
function hdr(h) { print "id,status,path" }
function act() { print f[1] "," f[5] "," csvq(f[4]) }
