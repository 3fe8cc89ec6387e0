package web

// PickersKept returns how many renderings of the user picker h keeps for
// the users it read last: one for each language asked for.
func PickersKept(h *Handler) int {
	h.people.mu.Lock()
	ps := h.people.ps
	h.people.mu.Unlock()
	n := 0
	if ps != nil {
		ps.pickers.Range(func(any, any) bool { n++; return true })
	}
	return n
}
