package web

func (h *Handler) projectListRoutes() {}
