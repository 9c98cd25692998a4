package evtx

// Template caching. Most records of a chunk instantiate a few template
// definitions; instead of decoding a definition's BinXML for every record,
// the decoder decodes it once per chunk into a program of pre-decoded tokens
// (names resolved, static text converted to UTF-8, references and CDATA
// pre-rendered) and executes that program with each record's substitution
// values. exec performs exactly the actions run performs for the same
// tokens, so both paths render identically (TestCompiledMatchesInterpreted,
// FuzzChunk check this); a definition that cannot be compiled (damaged, or
// itself holding a template instance) is interpreted by run every time.

// op is one pre-decoded token of a template definition.
type op struct {
	tok  byte   // the token byte; 0x05 text, 0x07 any literal (see text)
	id   uint16 // substitution id
	text string // element/attribute name, UTF-8 value text or literal XML
}

// opLiteral marks an op whose text is pre-rendered XML (CDATA section,
// character or entity reference, processing instruction).
const opLiteral = 0x07

// program is a compiled template definition.
type program struct {
	body int // chunk offset of the definition's BinXML (the cache key)
	ok   bool
	ops  []op
}

// maxPrograms bounds the programs cached per chunk; a chunk has few
// templates, a hostile one many.
const maxPrograms = 256

// program returns the compiled definition whose BinXML is chunk[body:end],
// or nil when it must be interpreted.
func (d *decoder) program(body, end int) *program {
	for i := range d.progs {
		if d.progs[i].body == body {
			if d.progs[i].ok {
				return &d.progs[i]
			}
			return nil
		}
	}
	if len(d.progs) >= maxPrograms {
		return nil
	}
	if len(d.progs) < cap(d.progs) {
		d.progs = d.progs[:len(d.progs)+1]
	} else {
		d.progs = append(d.progs, program{})
	}
	p := &d.progs[len(d.progs)-1]
	p.body = body
	p.ops = p.ops[:0]
	p.ok = d.compile(p, body, end)
	if !p.ok {
		return nil
	}
	return p
}

// compile decodes the tokens of chunk[pos:end] into p. It reports false,
// leaving the decoder's error state as it was, when the definition holds
// anything exec does not handle or cannot be decoded.
func (d *decoder) compile(p *program, pos, end int) bool {
	saved := d.err
	defer func() { d.err = saved }()
	c := d.chunk
	for pos < end {
		tok := c[pos]
		switch tok {
		case 0x00:
			p.ops = append(p.ops, op{tok: tok})
			return true
		case 0x0f:
			p.ops = append(p.ops, op{tok: tok})
			pos += 4
		case 0x01, 0x41:
			q := pos + 3 // token and dependency id
			if q+8 > end {
				return false
			}
			name, r := d.name(d.u32(q+4), q+8, end)
			if d.err != nil {
				return false
			}
			if tok == 0x41 {
				if r+4 > end {
					return false
				}
				r += 4
			}
			p.ops = append(p.ops, op{tok: tok, text: name})
			pos = r
		case 0x02, 0x03, 0x04:
			p.ops = append(p.ops, op{tok: tok})
			pos++
		case 0x05, 0x45:
			if pos+4 > end {
				return false
			}
			n := d.u16(pos + 2)
			q := pos + 4
			if 2*n > end-q {
				return false
			}
			b, _ := appendUTF16Raw(d.scratch[:0], c[q:q+2*n])
			d.scratch = b
			p.ops = append(p.ops, op{tok: 0x05, text: string(b)})
			pos = q + 2*n
		case 0x06, 0x46:
			if pos+5 > end {
				return false
			}
			name, r := d.name(d.u32(pos+1), pos+5, end)
			if d.err != nil {
				return false
			}
			p.ops = append(p.ops, op{tok: 0x06, text: name})
			pos = r
		case 0x07, 0x47, 0x08, 0x48, 0x09, 0x49, 0x0a, 0x0b:
			lit, r := d.literalToken(pos, end)
			if d.err != nil {
				return false
			}
			p.ops = append(p.ops, op{tok: opLiteral, text: lit})
			pos = r
		case 0x0d, 0x0e:
			if pos+4 > end {
				return false
			}
			p.ops = append(p.ops, op{tok: tok, id: uint16(d.u16(pos + 1))})
			pos += 4
		default: // template instances and unknown tokens: interpret
			return false
		}
	}
	return true
}

// exec renders a compiled definition with the substitution values subs; it
// mirrors run token for token.
func (d *decoder) exec(p *program, subs []subst, depth int) {
	base := len(d.stack)
	for i := range p.ops {
		if d.err != nil || !d.step() {
			return
		}
		o := &p.ops[i]
		switch o.tok {
		case 0x00:
			d.endFragment(base)
			return
		case 0x0f:
		case 0x01, 0x41:
			d.openNamed(o.text)
		case 0x02:
			d.closeStart()
		case 0x03:
			d.closeEmpty()
		case 0x04:
			d.endElement(base)
		case 0x05:
			if d.content() {
				d.out = appendEscapedString(d.out, o.text, d.attrOpen)
			}
		case 0x06:
			d.attrNamed(o.text)
		case opLiteral:
			d.literal(o.text)
		case 0x0d, 0x0e:
			d.substToken(subs, int(o.id), o.tok == 0x0e, depth)
		}
	}
}
