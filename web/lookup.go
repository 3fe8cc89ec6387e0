package web

import (
	"cmp"
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

// allUsers returns every user, in username order, page by page: a province
// has more users than one page holds.
func (h *Handler) allUsers(ctx context.Context) ([]*attract.User, error) {
	var all []*attract.User
	cursor := ""
	for {
		us, next, err := h.DB.FindUsers(ctx, attract.UserFilter{Limit: 500, Cursor: cursor})
		if err != nil {
			return nil, err
		}
		all = append(all, us...)
		if next == "" {
			return all, nil
		}
		cursor = next
	}
}

// usersByName returns every user sorted by name, for pickers and filters.
func (h *Handler) usersByName(ctx context.Context) ([]*attract.User, error) {
	all, err := h.allUsers(ctx)
	slices.SortFunc(all, func(a, b *attract.User) int { return cmp.Compare(a.Name, b.Name) })
	return all, err
}
