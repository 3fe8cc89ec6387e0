package web

func (h *Handler) projectRoutes() {}
