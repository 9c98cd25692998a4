package exec

import (
	"github.com/riskhound/riskhound/internal/source"
)

// DefaultMemoryLimit is the per-run memory budget when Env.MemoryLimit is 0.
const DefaultMemoryLimit = 1 << 30

// budget counts the bytes that stateful operators of one run retain. It is
// used by one goroutine (the run's).
type budget struct {
	limit, used int64
	file        *source.File
}

// spanInfo locates the command charging the budget, for the error.
type spanInfo = source.Span

// charge adds n bytes, failing with a source.ErrLimit diagnostic at the
// command's span when the limit is passed.
func (b *budget) charge(n int64, cmd string, sp source.Span) error {
	b.used += n
	if b.limit > 0 && b.used > b.limit {
		return source.Errorf(source.ErrLimit, b.file, sp, "%s: memory budget of %d bytes exceeded", cmd, b.limit)
	}
	return nil
}
