package sqlstore

import (
	"database/sql"
	"sync"
)

// maxCachedStmts bounds the statements kept prepared. The store runs a
// hundred or so distinct statements; list filters combine into more, and
// those beyond the bound are parsed each time they run.
const maxCachedStmts = 512

// stmtCache keeps SQLite statements prepared, by their text. Parsing and
// planning a statement took a fifth of the project page's time
// (docs/benchmarks.md, finding 6): neither database/sql nor the SQLite
// driver keeps a statement once it has run. A *sql.Stmt is prepared on each
// pooled connection the first time it runs there and kept until the
// connection closes. PostgreSQL has no cache here: pgx keeps its own per
// connection.
type stmtCache struct {
	db     *sql.DB
	mu     sync.RWMutex
	m      map[string]*sql.Stmt // nil while being prepared
	closed bool
}

// get returns the prepared statement of query, or nil when it is not
// prepared yet, the cache is full or c is nil; the caller then runs query
// unprepared. A statement is prepared in the background the first time it
// is asked for: preparing takes a connection from the pool, and a caller
// that holds one (in a transaction) must not wait for another.
func (c *stmtCache) get(query string) *sql.Stmt {
	if c == nil {
		return nil
	}
	c.mu.RLock()
	st, ok := c.m[query]
	c.mu.RUnlock()
	if ok {
		return st
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.m[query]; !ok && len(c.m) < maxCachedStmts {
		c.m[query] = nil // being prepared
		go c.prepare(query)
	}
	return nil
}

func (c *stmtCache) prepare(query string) {
	st, err := c.db.Prepare(query)
	c.mu.Lock()
	defer c.mu.Unlock()
	if err != nil || c.closed {
		if st != nil {
			st.Close()
		}
		return // left nil: a statement that fails to prepare is not tried again
	}
	c.m[query] = st
}

// close closes every statement kept.
func (c *stmtCache) close() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	for _, st := range c.m {
		if st != nil {
			st.Close()
		}
	}
}
