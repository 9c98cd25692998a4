package inputs

import "io"

// readahead reads src in its own goroutine, a few buffers ahead of Read, so
// that decompressing an archive overlaps parsing what it holds. Read is
// called from one goroutine; Close must be called before src is closed or
// dropped, and stops the reading goroutine.
type readahead struct {
	full   chan []byte   // filled buffers, closed after the last one
	free   chan []byte   // buffers to fill; never blocks a sender
	done   chan struct{} // closed by Close
	exited chan struct{} // closed when the goroutine ends
	err    error         // src's final error, set before full is closed
	cur    []byte        // unread part of the current buffer
	buf    []byte        // the current buffer, to recycle
}

const (
	readaheadBuffers = 4
	readaheadSize    = 256 << 10
)

func newReadahead(src io.Reader) *readahead {
	ra := &readahead{
		full:   make(chan []byte, readaheadBuffers),
		free:   make(chan []byte, readaheadBuffers),
		done:   make(chan struct{}),
		exited: make(chan struct{}),
	}
	for range readaheadBuffers {
		ra.free <- make([]byte, readaheadSize)
	}
	go ra.fill(src)
	return ra
}

func (ra *readahead) fill(src io.Reader) {
	defer close(ra.exited)
	defer close(ra.full)
	for {
		var b []byte
		select {
		case b = <-ra.free:
		case <-ra.done:
			return
		}
		n, err := fillBuf(src, b)
		if n > 0 {
			select {
			case ra.full <- b[:n]:
			case <-ra.done:
				return
			}
		}
		if err != nil {
			ra.err = err
			return
		}
	}
}

func (ra *readahead) Read(p []byte) (int, error) {
	for len(ra.cur) == 0 {
		if ra.buf != nil {
			ra.free <- ra.buf[:cap(ra.buf)]
			ra.buf = nil
		}
		b, ok := <-ra.full
		if !ok {
			return 0, ra.err
		}
		ra.cur, ra.buf = b, b
	}
	n := copy(p, ra.cur)
	ra.cur = ra.cur[n:]
	return n, nil
}

// Close stops the reading goroutine and waits for it.
func (ra *readahead) Close() {
	select {
	case <-ra.done:
	default:
		close(ra.done)
	}
	<-ra.exited
}

// fillBuf reads into b until it is full or src fails. Unlike io.ReadFull it
// passes src's error on unchanged, so that a truncated gzip stream's
// io.ErrUnexpectedEOF is not mistaken for a short final read.
func fillBuf(src io.Reader, b []byte) (int, error) {
	n := 0
	for n < len(b) {
		k, err := src.Read(b[n:])
		n += k
		if err != nil {
			return n, err
		}
	}
	return n, nil
}
