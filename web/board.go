package web

func (h *Handler) boardRoutes() {}
