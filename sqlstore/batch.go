package sqlstore

import (
	"context"

	"attract"
)

// Batch writes many records in one transaction, all or nothing: an import
// that must not leave half a file behind. Each write is checked and
// audited exactly as through the single-record methods.
type Batch struct {
	tx *Tx
}

// Batch runs fn in one write transaction, committed when fn returns nil and
// rolled back otherwise.
func (db *DB) Batch(ctx context.Context, fn func(b *Batch) error) error {
	_, err := write(db, ctx, func(tx *Tx) (struct{}, error) { return struct{}{}, fn(&Batch{tx}) })
	return err
}

// CreateCompany stores a new company. See DB.CreateCompany.
func (b *Batch) CreateCompany(c *attract.Company) error {
	if err := attract.Authorize(b.tx.ctx, attract.PermCompanyWrite); err != nil {
		return err
	}
	return b.tx.createCompany(c)
}

// UpdateCompany changes a company. See DB.UpdateCompany.
func (b *Batch) UpdateCompany(id, version int64, patch attract.Patch) (*attract.Company, error) {
	if err := attract.Authorize(b.tx.ctx, attract.PermCompanyWrite); err != nil {
		return nil, err
	}
	return b.tx.updateCompany(id, version, patch)
}

// CreateContact stores a new contact. See DB.CreateContact.
func (b *Batch) CreateContact(c *attract.Contact) error {
	if err := attract.Authorize(b.tx.ctx, attract.PermContactWrite); err != nil {
		return err
	}
	return b.tx.createContact(c)
}

// UpdateContact changes a contact. See DB.UpdateContact.
func (b *Batch) UpdateContact(id, version int64, patch attract.Patch) (*attract.Contact, error) {
	if err := attract.Authorize(b.tx.ctx, attract.PermContactWrite); err != nil {
		return nil, err
	}
	return b.tx.updateContact(id, version, patch)
}

// CreateProject stores a new project. See DB.CreateProject.
func (b *Batch) CreateProject(p *attract.Project) error {
	if err := attract.Authorize(b.tx.ctx, attract.PermProjectWrite); err != nil {
		return err
	}
	return b.tx.createProject(p)
}

// UpdateProject changes a project. See DB.UpdateProject.
func (b *Batch) UpdateProject(id, version int64, patch attract.Patch) (*attract.Project, error) {
	if err := attract.Authorize(b.tx.ctx, attract.PermProjectWrite); err != nil {
		return nil, err
	}
	return b.tx.updateProject(id, version, patch)
}

// CreateActivity stores an activity. See DB.CreateActivity.
func (b *Batch) CreateActivity(a *attract.Activity) error {
	if err := attract.Authorize(b.tx.ctx, attract.PermActivityWrite); err != nil {
		return err
	}
	return b.tx.createActivity(a)
}

// CreateTask stores a task. See DB.CreateTask.
func (b *Batch) CreateTask(t *attract.Task) error {
	if err := attract.Authorize(b.tx.ctx, attract.PermTaskWrite); err != nil {
		return err
	}
	return b.tx.createTask(t)
}

// CreateInflow adds a capital-ledger entry. See DB.CreateInflow.
func (b *Batch) CreateInflow(in *attract.CapitalInflow) error {
	if err := attract.Authorize(b.tx.ctx, attract.PermProjectWrite); err != nil {
		return err
	}
	return b.tx.createInflow(in)
}

// Savepoint runs fn so that its writes are undone when it fails, while the
// batch goes on: an import that keeps the good rows and rejects the rest.
func (b *Batch) Savepoint(fn func() error) error {
	if _, err := b.tx.exec(`SAVEPOINT batch_row`); err != nil {
		return err
	}
	if err := fn(); err != nil {
		if _, rerr := b.tx.exec(`ROLLBACK TO SAVEPOINT batch_row`); rerr != nil {
			return rerr
		}
		b.tx.exec(`RELEASE SAVEPOINT batch_row`)
		return err
	}
	_, err := b.tx.exec(`RELEASE SAVEPOINT batch_row`)
	return err
}
