package inputs

import (
	"io"
	"unicode/utf8"
)

// utf16Reader transcodes UTF-16 (little or big endian, byte order mark
// already removed) to UTF-8. Unpaired surrogates and a trailing odd byte
// become U+FFFD.
type utf16Reader struct {
	r   io.Reader
	be  bool
	in  []byte // undecoded input; in[:nin] holds bytes carried to the next read
	nin int
	out []byte // decoded output not yet returned
	buf []byte // backing store of out, reused
	err error
}

func newUTF16Reader(r io.Reader, bigEndian bool) *utf16Reader {
	return &utf16Reader{r: r, be: bigEndian, in: make([]byte, 32<<10)}
}

func (u *utf16Reader) unit(i int) rune {
	if u.be {
		return rune(u.in[i])<<8 | rune(u.in[i+1])
	}
	return rune(u.in[i+1])<<8 | rune(u.in[i])
}

func (u *utf16Reader) Read(p []byte) (int, error) {
	for len(u.out) == 0 {
		if u.err != nil {
			if u.nin == 0 {
				return 0, u.err
			}
		} else {
			n, err := u.r.Read(u.in[u.nin:])
			u.nin += n
			u.err = err
		}
		out := u.buf[:0]
		i := 0
		for i+1 < u.nin {
			c := u.unit(i)
			switch {
			case c >= 0xD800 && c < 0xDC00:
				if i+3 >= u.nin {
					if u.err == nil {
						goto done // wait for the low surrogate
					}
					c, i = utf8.RuneError, i+2
					break
				}
				if lo := u.unit(i + 2); lo >= 0xDC00 && lo < 0xE000 {
					c, i = (c-0xD800)<<10+(lo-0xDC00)+0x10000, i+4
				} else {
					c, i = utf8.RuneError, i+2
				}
			case c >= 0xDC00 && c < 0xE000:
				c, i = utf8.RuneError, i+2
			default:
				i += 2
			}
			out = utf8.AppendRune(out, c)
		}
		if u.err != nil && i < u.nin {
			out = utf8.AppendRune(out, utf8.RuneError)
			i = u.nin
		}
	done:
		u.nin = copy(u.in, u.in[i:u.nin])
		u.buf, u.out = out, out
	}
	n := copy(p, u.out)
	u.out = u.out[n:]
	return n, nil
}
