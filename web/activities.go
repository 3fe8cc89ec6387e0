package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"attract"
)

var _ = register(map[string]message{
	"acts.title":  {"Activities: %s", "活动记录：%s"},
	"acts.intro":  {"Every activity logged on this record, the latest first.", "此记录的全部活动，最近的在前。"},
	"acts.all":    {"All activities", "全部活动"},
	"acts.latest": {"The latest %d are shown.", "此处显示最近 %d 条。"},
	"acts.none":   {"No activity has been logged.", "尚无活动记录。"},
})

// How many activities a record's page shows, the latest, before it links
// to all of them (/projects/{id}/activities and the like), and how many a
// page of those lists. A project that has been looked after for years has
// hundreds; its page stays the size of a few weeks' work.
const (
	recordActivities   = 20
	activitiesPageSize = 50
)

// activityRow is an activity as a feed shows it.
type activityRow struct {
	Kind, Subject, Notes string // Kind: its label
	When                 string // the time and who logged it
	Project              *namedLink
	Contacts             []namedLink
	Sep                  string // between contacts: the language's list separator
	Staff                string // " · with …" for each colleague along
}

// namedLink is a name with a link.
type namedLink struct{ Name, Href string }

// contactNamesOf maps contacts' ids to their display names.
func contactNamesOf(cs []*attract.Contact) map[int64]string {
	names := make(map[int64]string, len(cs))
	for _, c := range cs {
		names[c.ID] = c.DisplayName()
	}
	return names
}

// activityRows formats activities for a feed, in the order given. The
// names of their contacts come from contacts, of their projects from
// projects (nil: the feed is a project's own, and names none); a name
// missing from either shows as its number.
func activityRows(p *page, staff *people, acts []*attract.Activity, contacts, projects map[int64]string) []activityRow {
	orNumber := func(names map[int64]string, id int64) string {
		if name, ok := names[id]; ok {
			return name
		}
		return "#" + strconv.FormatInt(id, 10)
	}
	rows := make([]activityRow, 0, len(acts))
	sep := p.T("common.listsep")
	for _, a := range acts {
		row := activityRow{Kind: p.T("activity." + string(a.Kind)), Subject: a.Subject, Notes: a.Notes,
			When: formatTime(a.OccurredAt, minuteLayout), Sep: sep}
		author := staff.userName(a.CreatedBy)
		if author != "" {
			row.When += " · " + p.T("project.by", author)
		}
		if projects != nil && a.ProjectID != nil {
			row.Project = &namedLink{orNumber(projects, *a.ProjectID), "/projects/" + strconv.FormatInt(*a.ProjectID, 10)}
		}
		for _, cid := range a.ContactIDs {
			row.Contacts = append(row.Contacts, namedLink{orNumber(contacts, cid), "/contacts/" + strconv.FormatInt(cid, 10)})
		}
		// The colleagues along: the author, when named already, is not
		// named again.
		var names []string
		for _, uid := range a.UserIDs {
			if author == "" || uid != *a.CreatedBy {
				names = append(names, staff.userNameOr(&uid, "#"+strconv.FormatInt(uid, 10)))
			}
		}
		if len(names) > 0 {
			row.Staff = " · " + p.T("project.staff", strings.Join(names, sep))
		}
		rows = append(rows, row)
	}
	return rows
}

// participantIDs returns the ids of the contacts met on acts.
func participantIDs(acts []*attract.Activity) []int64 {
	var ids []int64
	for _, a := range acts {
		ids = append(ids, a.ContactIDs...)
	}
	return ids
}

// activitiesData is a page of a record's activities.
type activitiesData struct {
	Record, RecordURL string
	Activities        []activityRow
	NextURL, FirstURL string // "" on the last page, on the first
}

// recordActivitiesPage lists all the activities of a project, a company or
// a contact (kind: its entity), a page at a time, the latest first.
func (h *Handler) recordActivitiesPage(kind string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request, p *page) error {
		ctx := r.Context()
		id, err := pathID(r)
		if err != nil {
			return err
		}
		f := attract.ActivityFilter{Cursor: r.URL.Query().Get("cursor"), Limit: activitiesPageSize}
		var d activitiesData
		var contacts map[int64]string // names known already: a project's or a contact's own
		switch kind {
		case "project":
			pr, err := h.DB.FindProjectByID(ctx, id, "contacts")
			if err != nil {
				return err
			}
			d.Record, d.RecordURL, f.ProjectID = pr.DisplayName(), "/projects/"+strconv.FormatInt(id, 10), &pr.ID
			contacts = contactNamesOf(pr.Contacts)
		case "company":
			c, err := h.DB.FindCompanyByID(ctx, id)
			if err != nil {
				return err
			}
			d.Record, d.RecordURL, f.CompanyID = c.DisplayName(), companyKind.url(id), &c.ID
			contacts = map[int64]string{} // those met, read below
		case "contact":
			c, err := h.DB.FindContactByID(ctx, id)
			if err != nil {
				return err
			}
			d.Record, d.RecordURL, f.ContactID = c.DisplayName(), contactKind.url(id), &c.ID
			contacts = contactNamesOf([]*attract.Contact{c})
		default:
			panic("recordActivitiesPage: no record kind " + kind)
		}
		acts, next, err := firstPageIfStale(p, &f.Cursor, func() ([]*attract.Activity, string, error) { return h.DB.FindActivities(ctx, f) })
		if err != nil {
			return err
		}
		// People met who are not the record's own contacts: another
		// company's, on a shared project.
		if err := h.contactNames(ctx, participantIDs(acts), contacts); err != nil {
			return err
		}
		var projects map[int64]string // a project's own feed names none
		if kind != "project" {
			if projects, err = h.projectNames(r, nil, acts); err != nil {
				return err
			}
		}
		staff, err := h.loadPeople(ctx)
		if err != nil {
			return err
		}
		d.Activities = activityRows(p, staff, acts, contacts, projects)
		if next != "" {
			d.NextURL = d.RecordURL + "/activities?" + url.Values{"cursor": {next}}.Encode()
		}
		if f.Cursor != "" {
			d.FirstURL = d.RecordURL + "/activities"
		}
		p.Title = p.T("acts.title", d.Record)
		p.Data = d
		return h.render(w, http.StatusOK, "activities.html", p)
	}
}
