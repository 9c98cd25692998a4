package inputs

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

func TestReadahead(t *testing.T) {
	data := strings.Repeat("0123456789abcdef", 100_000) // several buffers
	ra := newReadahead(iotest.HalfReader(strings.NewReader(data)))
	got, err := io.ReadAll(iotest.OneByteReader(io.LimitReader(ra, 1000)))
	if err != nil || string(got) != data[:1000] {
		t.Fatalf("first 1000 bytes: %q, %v", got[:min(20, len(got))], err)
	}
	rest, err := io.ReadAll(ra)
	if err != nil || string(rest) != data[1000:] {
		t.Fatalf("rest: %d bytes, %v", len(rest), err)
	}
	ra.Close()
	ra.Close() // twice is fine

	// An error from the source reaches the reader after the data before it.
	boom := errors.New("boom")
	ra = newReadahead(io.MultiReader(strings.NewReader("abc"), iotest.ErrReader(boom)))
	got, err = io.ReadAll(ra)
	if string(got) != "abc" || !errors.Is(err, boom) {
		t.Fatalf("got %q, %v; want abc and boom", got, err)
	}
	ra.Close()

	// Closing early stops a goroutine blocked on a full pipeline.
	ra = newReadahead(bytes.NewReader(make([]byte, 10*readaheadSize)))
	var one [1]byte
	if _, err := ra.Read(one[:]); err != nil {
		t.Fatal(err)
	}
	ra.Close()
}
