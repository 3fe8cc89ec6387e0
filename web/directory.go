package web

func (h *Handler) directoryRoutes() {}
