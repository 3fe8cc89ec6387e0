package http

import (
	"context"
	"net/http"

	"attract"
)

// Handlers shared by every resource: get, patch, archive and delete by id
// differ only in the store method they call.

type handlerFunc = func(http.ResponseWriter, *http.Request) error

// getWith serves GET /{id} with ?embed=.
func getWith[T any](find func(ctx context.Context, id int64, embed ...string) (T, error)) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		v, err := find(r.Context(), id, embeds(r)...)
		if err != nil {
			return err
		}
		return writeJSON(w, http.StatusOK, v)
	}
}

// noEmbed adapts a find without embeds to getWith, refusing ?embed=.
func noEmbed[T any](find func(ctx context.Context, id int64) (T, error)) func(context.Context, int64, ...string) (T, error) {
	return func(ctx context.Context, id int64, embed ...string) (T, error) {
		if len(embed) > 0 {
			var zero T
			return zero, fieldError("embed", "this record has nothing to embed", "此记录没有可嵌入的关联数据")
		}
		return find(ctx, id)
	}
}

// patchWith serves PATCH /{id}: a merge patch carrying the version.
func patchWith[T any](update func(ctx context.Context, id, version int64, patch attract.Patch) (T, error)) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		version, patch, err := decodePatch(r)
		if err != nil {
			return err
		}
		v, err := update(r.Context(), id, version, patch)
		if err != nil {
			return err
		}
		return writeJSON(w, http.StatusOK, v)
	}
}

// archiveWith serves POST /{id}/archive and /{id}/restore.
func archiveWith[T any](archive func(ctx context.Context, id, version int64, archived bool) (T, error), archived bool) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		version, err := decodeVersion(r)
		if err != nil {
			return err
		}
		v, err := archive(r.Context(), id, version, archived)
		if err != nil {
			return err
		}
		return writeJSON(w, http.StatusOK, v)
	}
}

// deleteWith serves DELETE /{id}.
func deleteWith(del func(ctx context.Context, id int64) error) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		if err := del(r.Context(), id); err != nil {
			return err
		}
		w.WriteHeader(http.StatusNoContent)
		return nil
	}
}

// createWith serves POST of a new record: decode strictly into the
// editable fields, build the record, store it, answer 201.
func createWith[F any, T any](build func(F) T, create func(context.Context, T) error) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		var in F
		if err := decodeCreate(r, &in); err != nil {
			return err
		}
		v := build(in)
		if err := create(r.Context(), v); err != nil {
			return err
		}
		return writeJSON(w, http.StatusCreated, v)
	}
}
