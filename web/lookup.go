package web

import (
	"context"
	"slices"

	"attract"
)

// investorsOf returns the investor companies of projects, in one query.
// Archived investors are included, so a project still names its investor.
func (h *Handler) investorsOf(ctx context.Context, ps []*attract.Project) (map[int64]*attract.Company, error) {
	var ids []int64
	for _, p := range ps {
		if p.InvestorID != nil {
			ids = append(ids, *p.InvestorID)
		}
	}
	out := make(map[int64]*attract.Company, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	cs, _, err := h.DB.FindCompanies(ctx, attract.CompanyFilter{IDs: ids, Limit: len(ids)})
	for _, c := range cs {
		out[c.ID] = c
	}
	return out, err
}
