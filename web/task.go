package web

import (
	"net/http"
	"strconv"

	"attract"
)

// pathID reads the {id} of the path.
func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, attract.Errorf(attract.ENOTFOUND, "There is no such record.", "记录不存在。")
	}
	return id, nil
}

// formVersion reads the version a form carried.
func formVersion(r *http.Request) int64 {
	v, _ := strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	return v
}

func (h *Handler) markTaskDone(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if _, err := h.DB.UpdateTask(r.Context(), id, formVersion(r), attract.Patch{"status": []byte(`"done"`)}); err != nil {
		return err
	}
	return redirect(w, r, safeNext(r.PostFormValue("next")))
}
