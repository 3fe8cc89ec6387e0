package web

func (h *Handler) adminRoutes() {}
