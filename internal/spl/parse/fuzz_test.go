package parse

import (
	"testing"

	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/macro"
)

// FuzzParse checks that Parse never panics or hangs, and that every input
// that parses prints to a canonical form that parses and prints the same.
// Seeds come from the unit tests and, when present, the ESCU corpus.
func FuzzParse(f *testing.F) {
	for _, s := range roundTripSeeds {
		f.Add(s)
	}
	for _, s := range []string{
		`| tstats count from datamodel=Endpoint.Processes where Processes.process_name IN ("a", b*) by Processes.dest _time span=1h`,
		`| eval x=if(match(a, "\\d+"), 'b.c', null()) | where x!="a" AND NOT y IN (1, 2)`,
		`| rex field=x max_match=0 "(?<a>[^\\\\]+)" | lookup t a OUTPUT b | dedup a sortby -b | sort 0 -a`,
		`| foreach * [eval <<FIELD>> = if(<<FIELD>>="null",null(),<<FIELD>>)] | transaction a startswith=(x=1) maxspan=5m`,
		`x IN (,"a",) | join type=outer u [search b | fields u] | appendpipe [| timechart span=5m count]`,
	} {
		f.Add(s)
	}
	if searches, lookup := loadCorpusForFuzz(f); searches != nil {
		for _, s := range searches {
			if x, err := macro.Expand(source.NewFile(s.path, s.text), lookup); err == nil {
				f.Add(x.File.Text)
			}
		}
	}
	f.Fuzz(func(t *testing.T, in string) {
		pl, err := Parse(source.NewFile("fuzz", in))
		if err != nil {
			return
		}
		printed := pl.String()
		pl2, err := Parse(source.NewFile("printed", printed))
		if err != nil {
			t.Fatalf("input %q\nprints %q\nwhich does not parse: %v", in, printed, err)
		}
		if again := pl2.String(); again != printed {
			t.Fatalf("input %q\n first %q\nsecond %q", in, printed, again)
		}
	})
}

// loadCorpusForFuzz is loadCorpus without the skip: fuzzing runs with or
// without the corpus.
func loadCorpusForFuzz(f *testing.F) (out []corpusSearch, lookup macro.Lookup) {
	defer func() {
		if recover() != nil {
			out = nil
		}
	}()
	if !hasCorpus() {
		return nil, nil
	}
	return loadCorpus(f)
}
