// Package winxml reads XmlWinEventLog text as Splunk indexes it: one
// <Event xmlns=...>...</Event> after another, possibly spanning lines.
package winxml

import (
	"context"
	"errors"
	"io"

	"github.com/riskhound/riskhound/internal/event"
)

// Read reads every event in r (named name in problems) and calls emit for each
// in input order. A malformed event is reported with its line number and
// skipped; the rest is still read.
func Read(ctx context.Context, name string, r io.Reader, emit event.Emit, report event.Report) error {
	return errors.New("winxml: not implemented yet")
}
