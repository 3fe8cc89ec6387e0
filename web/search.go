package web

func (h *Handler) searchRoutes() {}
