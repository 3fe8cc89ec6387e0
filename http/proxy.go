package http

import (
	"net"
	"net/http"
	"net/netip"
	"strings"

	"attract"
)

// TrustedProxies are the reverse proxies (nginx on the intranet, a load
// balancer) whose X-Forwarded-For header Attract believes. Behind one, every
// request comes from the proxy's address: signing in would be throttled per
// agency rather than per desk, and the request log could not say who asked.
type TrustedProxies []netip.Prefix

// ParseTrustedProxies reads a comma-separated list of IP addresses and CIDR
// ranges ("127.0.0.1, 10.20.0.0/16"); an empty list trusts no proxy.
func ParseTrustedProxies(s string) (TrustedProxies, error) {
	var ps TrustedProxies
	var probs attract.Problems
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if p, err := netip.ParsePrefix(f); err == nil {
			ps = append(ps, p.Masked())
		} else if a, err := netip.ParseAddr(f); err == nil {
			a = a.Unmap()
			ps = append(ps, netip.PrefixFrom(a, a.BitLen()))
		} else {
			probs.Add("trusted-proxies", "%q is not an IP address or a CIDR range such as 10.0.0.0/8",
				"“%s”不是 IP 地址或 CIDR 网段（如 10.0.0.0/8）", f)
		}
	}
	return ps, probs.Err()
}

func (ps TrustedProxies) trusts(a netip.Addr) bool {
	a = a.Unmap()
	for _, p := range ps {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// ClientAddr returns the address r came from. From a trusted proxy it is
// the nearest address in X-Forwarded-For that is not a trusted proxy's —
// each proxy appends the address it was reached from, so the entries to the
// left of the first untrusted one may be anything a client chose to send —
// and otherwise the peer's. An entry that is not an address ends the walk
// at the last proxy that was trusted.
func (ps TrustedProxies) ClientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	peer, err := netip.ParseAddr(host)
	if err != nil || !ps.trusts(peer) {
		return host
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	client := peer
	for i := len(hops) - 1; i >= 0; i-- {
		hop := strings.TrimSpace(hops[i])
		a, err := netip.ParseAddr(hop)
		if err != nil {
			ap, perr := netip.ParseAddrPort(hop) // some proxies add the port
			if perr != nil {
				break
			}
			a = ap.Addr()
		}
		client = a.Unmap()
		if !ps.trusts(client) {
			break
		}
	}
	return client.String()
}
