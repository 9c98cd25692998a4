package parse

import (
	"os"
	"testing"

	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/macro"
)

func TestDumpCorpus(t *testing.T) {
	if os.Getenv("DUMP") == "" {
		t.Skip()
	}
	searches, lookup := loadCorpus(t)
	for _, s := range searches {
		x, err := macro.Expand(source.NewFile(s.path, s.text), lookup)
		if err != nil {
			continue
		}
		pl, err := Parse(x.File)
		if err != nil {
			continue
		}
		t.Logf("IN:  %s\nOUT: %s", x.File.Text, pl.String())
	}
}
