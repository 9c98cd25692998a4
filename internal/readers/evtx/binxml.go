package evtx

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/riskhound/riskhound/internal/event"
)

// Limits that keep damaged or hostile input from recursing, looping or
// allocating without bound. Real records stay far below all of them.
const (
	maxDepth    = 12      // nested template instances and BinXML values
	maxElements = 256     // open elements at once
	maxOut      = 4 << 20 // rendered XML bytes per record
	maxSteps    = 1 << 18 // tokens, values and array items per record
	// Per chunk: a chunk holds at most ~2300 records, so per-record limits
	// alone would still allow minutes of work on a hostile chunk.
	maxChunkSteps = 1 << 22
	maxChunkOut   = 64 << 20
)

// subst is one entry of a template instance's substitution array: the value
// type and where its data lies in the chunk.
type subst struct {
	off, size int32
	typ       byte
}

// elem is an open element while a record renders.
type elem struct {
	name         string // element name as written (already XML-safe)
	tagStart     int32  // offset of '<' in out
	tagEnd       int32  // offset after the start tag's '>', 0 while the tag is open
	hasChild     bool
	nullOpt      bool  // content held a null optional substitution
	nameS, nameE int32 // span of the Name attribute value in out (Data elements)
}

// decoder renders the BinXML of one chunk's records. One decoder serves one
// goroutine and is reused chunk after chunk, so the steady state allocates
// only the output events.
type decoder struct {
	chunk []byte
	// Names decoded in this chunk, found by chunk offset through a small
	// open-addressing table (slot idx 0 is empty, else 1 + index in nameStr).
	nameTab [nameSlots]nameSlot
	nameStr []string
	nameOff []uint16 // slots in use, to reset them per chunk
	out     []byte   // XML rendering of the current record
	stack   []elem
	subs    []subst
	fields  []fieldRec
	steps   int
	budget  int      // steps left for the current chunk
	outLeft int      // rendered bytes left for the current chunk
	err     error    // first fatal problem of the current record
	warns   []string // non-fatal problems of the current record

	// Start-tag state: inTag while between <Name and > or />; attrOpen while
	// an attribute value is being written.
	inTag, attrOpen bool
	attrAllNull     bool // attribute value so far is only null optional substitutions
	attrStart       int32
	attrValStart    int32
	attrName        string

	scratch []byte

	progs         []program // compiled template definitions of this chunk
	interpretOnly bool      // never use progs (tests compare both paths)

	lastChannel string
	lastSource  event.SourceNames // of lastChannel
}

func newDecoder() *decoder {
	return &decoder{out: make([]byte, 0, 8192)}
}

const nameSlots = 1024 // a power of two; a chunk caches at most 3/4 of it

type nameSlot struct {
	off int32
	idx uint16
}

// nameSlotOf returns the index of the slot holding off, or of the empty
// slot where it goes (the table is never more than 3/4 full).
func (d *decoder) nameSlotOf(off int) int {
	h := int(uint32(off) * 2654435761 >> 22)
	for {
		i := h & (nameSlots - 1)
		if sl := &d.nameTab[i]; sl.idx == 0 || sl.off == int32(off) {
			return i
		}
		h++
	}
}

// startChunk prepares for decoding the records of chunk data.
func (d *decoder) startChunk(data []byte) {
	d.chunk = data
	d.budget, d.outLeft = maxChunkSteps, maxChunkOut
	d.resetNames()
	d.progs = d.progs[:0]
}

// resetNames forgets the names of the previous chunk.
func (d *decoder) resetNames() {
	for _, i := range d.nameOff {
		d.nameTab[i] = nameSlot{}
	}
	d.nameOff = d.nameOff[:0]
	d.nameStr = d.nameStr[:0]
}

var (
	errTruncated   = errors.New("BinXML data ends early")
	errChunkBudget = errors.New("chunk too costly to render (work limit reached)")
)

func (d *decoder) fail(err error) {
	if d.err == nil {
		d.err = err
	}
}

func (d *decoder) failf(format string, args ...any) {
	if d.err == nil {
		d.err = fmt.Errorf(format, args...)
	}
}

func (d *decoder) warnf(format string, args ...any) {
	if len(d.warns) < 4 {
		d.warns = append(d.warns, fmt.Sprintf(format, args...))
	}
}

func (d *decoder) u16(p int) int { return int(binary.LittleEndian.Uint16(d.chunk[p:])) }
func (d *decoder) u32(p int) int { return int(binary.LittleEndian.Uint32(d.chunk[p:])) }

// record renders the BinXML in chunk[pos:end] into d.out and collects fields.
// It reports false (with d.err set) when the record cannot be rendered.
func (d *decoder) record(pos, end int) bool {
	d.out = d.out[:0]
	d.stack = d.stack[:0]
	d.subs = d.subs[:0]
	d.fields = d.fields[:0]
	d.warns = d.warns[:0]
	d.steps = 0
	d.err = nil
	d.inTag, d.attrOpen = false, false
	d.run(pos, end, nil, 0, false)
	d.budget -= d.steps
	d.outLeft -= len(d.out)
	if d.err == nil && (len(d.stack) != 0 || d.inTag) {
		d.fail(errors.New("BinXML ends inside an element"))
	}
	if d.err == nil && len(d.out) == 0 {
		d.fail(errors.New("record renders no XML"))
	}
	return d.err == nil
}

// run interprets BinXML tokens from pos until an end-of-fragment token, the
// end of the region or an error. subs is the substitution array of the
// enclosing template instance (nil outside templates); nested marks BinXML
// embedded in a value, whose element tokens may lack the dependency id.
// Template bodies usually go through exec instead (template.go), which
// performs the same actions from pre-decoded tokens.
func (d *decoder) run(pos, end int, subs []subst, depth int, nested bool) int {
	c := d.chunk
	base := len(d.stack)
	for d.err == nil && pos < end {
		if !d.step() {
			return pos
		}
		tok := c[pos]
		switch tok {
		case 0x00: // end of fragment
			d.endFragment(base)
			return pos + 1
		case 0x0f: // fragment header: token, major, minor, flags
			pos += 4
		case 0x0c:
			pos = d.template(pos, end, depth)
		case 0x01, 0x41:
			pos = d.openElement(pos, end, tok&0x40 != 0, nested)
		case 0x02:
			if !d.closeStart() {
				return pos
			}
			pos++
		case 0x03:
			if !d.closeEmpty() {
				return pos
			}
			pos++
		case 0x04:
			if !d.endElement(base) {
				return pos
			}
			pos++
		case 0x05, 0x45: // value text: token, type, UTF-16 string
			if pos+4 > end {
				d.fail(errTruncated)
				return pos
			}
			n := d.u16(pos + 2)
			p := pos + 4
			if 2*n > end-p {
				d.fail(errTruncated)
				return pos
			}
			if d.content() {
				d.out, _ = appendUTF16(d.out, c[p:p+2*n], d.attrOpen)
			}
			pos = p + 2*n
		case 0x06, 0x46:
			pos = d.attribute(pos, end)
		case 0x07, 0x47, 0x08, 0x48, 0x09, 0x49, 0x0a, 0x0b:
			lit, p := d.literalToken(pos, end)
			if d.err != nil {
				return pos
			}
			d.literal(lit)
			pos = p
		case 0x0d, 0x0e: // normal and optional substitution
			if pos+4 > end {
				d.fail(errTruncated)
				return pos
			}
			if !d.substToken(subs, d.u16(pos+1), tok == 0x0e, depth) {
				return pos
			}
			pos += 4
		default:
			d.failf("unknown BinXML token 0x%02x", tok)
			return pos
		}
	}
	return pos
}

// step counts one token or value against the record and chunk limits.
func (d *decoder) step() bool {
	d.steps++
	if d.steps > maxSteps || len(d.out) > maxOut {
		d.fail(errors.New("record too large to render"))
		return false
	}
	if d.steps > d.budget || len(d.out) > d.outLeft {
		d.fail(errChunkBudget)
		return false
	}
	return true
}

// endFragment checks that a fragment closes every element it opened.
func (d *decoder) endFragment(base int) {
	if len(d.stack) != base {
		d.fail(errors.New("fragment ends inside an element"))
	}
}

// closeStart handles '>' of a start tag.
func (d *decoder) closeStart() bool {
	d.endAttr()
	if !d.inTag {
		d.fail(errors.New("close of a start tag that is not open"))
		return false
	}
	d.out = append(d.out, '>')
	d.stack[len(d.stack)-1].tagEnd = int32(len(d.out))
	d.inTag = false
	return true
}

// closeEmpty handles '/>' of an empty element.
func (d *decoder) closeEmpty() bool {
	d.endAttr()
	if !d.inTag {
		d.fail(errors.New("close of a start tag that is not open"))
		return false
	}
	d.out = append(d.out, "/>"...)
	d.inTag = false
	n := int32(len(d.out))
	d.elementDone(len(d.stack)-1, n, n)
	d.stack = d.stack[:len(d.stack)-1]
	return true
}

// endElement handles an end tag; base is the stack depth of the fragment.
func (d *decoder) endElement(base int) bool {
	if d.inTag || len(d.stack) <= base {
		d.fail(errors.New("unbalanced end element"))
		return false
	}
	top := &d.stack[len(d.stack)-1]
	s, e := top.tagEnd, int32(len(d.out))
	if top.nullOpt && s == e && !top.hasChild {
		// An element whose content is only a null optional substitution is
		// not created (libevtx, MS-EVEN6 4.8).
		d.dropElement(top.tagStart)
		return true
	}
	d.out = append(d.out, "</"...)
	d.out = append(d.out, top.name...)
	d.out = append(d.out, '>')
	d.elementDone(len(d.stack)-1, s, e)
	d.stack = d.stack[:len(d.stack)-1]
	return true
}

// literalToken decodes a CDATA section, character or entity reference or
// processing-instruction token into the XML text it stands for.
func (d *decoder) literalToken(pos, end int) (string, int) {
	c := d.chunk
	tok := c[pos]
	switch tok {
	case 0x07, 0x47, 0x0b: // CDATA section, PI data: UTF-16 string
		if pos+3 > end {
			d.fail(errTruncated)
			return "", pos
		}
		n := d.u16(pos + 1)
		p := pos + 3
		if 2*n > end-p {
			d.fail(errTruncated)
			return "", pos
		}
		b := d.scratch[:0]
		if tok == 0x0b {
			if n > 0 {
				b = append(b, ' ')
				b = appendRawUTF16(b, c[p:p+2*n])
			}
			b = append(b, "?>"...)
		} else {
			b = append(b, "<![CDATA["...)
			b = appendRawUTF16(b, c[p:p+2*n])
			b = append(b, "]]>"...)
		}
		d.scratch = b
		return string(b), p + 2*n
	case 0x08, 0x48: // character reference
		if pos+3 > end {
			d.fail(errTruncated)
			return "", pos
		}
		return "&#" + strconv.Itoa(d.u16(pos+1)) + ";", pos + 3
	}
	// 0x09, 0x49 entity reference; 0x0a PI target
	if pos+5 > end {
		d.fail(errTruncated)
		return "", pos
	}
	name, p := d.name(d.u32(pos+1), pos+5, end)
	if tok == 0x0a {
		return "<?" + name, p
	}
	return "&" + name + ";", p
}

// literal writes pre-rendered XML text where character data may stand.
func (d *decoder) literal(s string) {
	if d.content() {
		d.out = append(d.out, s...)
	}
}

// substToken handles substitution token id of the enclosing template.
func (d *decoder) substToken(subs []subst, id int, optional bool, depth int) bool {
	if id >= len(subs) {
		d.failf("substitution %d outside the template's %d values", id, len(subs))
		return false
	}
	d.substitute(subs[id], optional, depth)
	return true
}

// content prepares for character data: inside an attribute value it marks the
// value non-null; inside a start tag outside an attribute it is an error.
func (d *decoder) content() bool {
	if d.attrOpen {
		d.attrAllNull = false
		return true
	}
	if d.inTag {
		d.fail(errors.New("character data inside a start tag"))
		return false
	}
	return true
}

// name returns the name stored at chunk offset off. p is the position right
// after the name offset field: when off == p the name is stored inline and
// the returned position skips it.
func (d *decoder) name(off, p, end int) (string, int) {
	if off == p {
		if p+8 > end {
			d.fail(errTruncated)
			return "", p
		}
		size := 8 + 2*d.u16(p+6) + 2
		if size > end-p {
			d.fail(errTruncated)
			return "", p
		}
		p += size
	}
	if off < 0 || off+8 > len(d.chunk) {
		d.failf("name offset %d outside the chunk", off)
		return "", p
	}
	si := d.nameSlotOf(off)
	if sl := d.nameTab[si]; sl.idx != 0 {
		return d.nameStr[sl.idx-1], p
	}
	n := d.u16(off + 6)
	if n == 0 || 2*n > len(d.chunk)-off-8 {
		d.failf("bad name at offset %d", off)
		return "", p
	}
	d.scratch, _ = appendUTF16(d.scratch[:0], d.chunk[off+8:off+8+2*n], true)
	if len(d.scratch) == 0 {
		d.failf("bad name at offset %d", off)
		return "", p
	}
	s, ok := commonNames[string(d.scratch)]
	if !ok {
		s = string(d.scratch)
	}
	if len(d.nameStr) < nameSlots*3/4 {
		d.nameStr = append(d.nameStr, s)
		d.nameTab[si] = nameSlot{off: int32(off), idx: uint16(len(d.nameStr))}
		d.nameOff = append(d.nameOff, uint16(si))
	}
	return s, p
}

// commonNames interns the element and attribute names of most events, so
// that decoding a chunk does not allocate them again (read-only).
var commonNames = func() map[string]string {
	m := map[string]string{}
	for _, n := range strings.Fields(`Event xmlns System Provider Name Guid EventSourceName
		EventID Qualifiers Version Level Task Opcode Keywords TimeCreated SystemTime
		EventRecordID Correlation ActivityID RelatedActivityID Execution ProcessID
		ThreadID Channel Computer Security UserID EventData Data Binary UserData
		RenderingInfo Message`) {
		m[n] = n
	}
	return m
}()

// openElement handles an open-start-element token.
func (d *decoder) openElement(pos, end int, hasAttrs, nested bool) int {
	p := pos + 1
	// The 2-byte dependency id is absent in some BinXML embedded in values;
	// there the 4-byte size that follows must still fit the region.
	if !nested || (p+10 <= end && d.u32(p+2) <= end-(p+6)) {
		p += 2
	}
	if p+8 > end {
		d.fail(errTruncated)
		return pos
	}
	name, p := d.name(d.u32(p+4), p+8, end)
	if d.err != nil {
		return pos
	}
	if hasAttrs {
		if p+4 > end {
			d.fail(errTruncated)
			return pos
		}
		p += 4
	}
	if !d.openNamed(name) {
		return pos
	}
	return p
}

// openNamed starts element name.
func (d *decoder) openNamed(name string) bool {
	if d.inTag || d.attrOpen {
		d.fail(errors.New("element starts inside a start tag"))
		return false
	}
	if len(d.stack) >= maxElements {
		d.fail(errors.New("elements nested too deeply"))
		return false
	}
	if n := len(d.stack); n > 0 {
		d.stack[n-1].hasChild = true
	}
	d.stack = append(d.stack, elem{name: name, tagStart: int32(len(d.out)), nameS: -1, nameE: -1})
	d.out = append(d.out, '<')
	d.out = append(d.out, name...)
	d.inTag = true
	return true
}

// attribute handles an attribute token: it ends the previous attribute and
// starts writing this one; its value follows as value or substitution tokens.
func (d *decoder) attribute(pos, end int) int {
	if pos+5 > end {
		d.fail(errTruncated)
		return pos
	}
	name, p := d.name(d.u32(pos+1), pos+5, end)
	if d.err != nil {
		return pos
	}
	if !d.attrNamed(name) {
		return pos
	}
	return p
}

// attrNamed ends the previous attribute and starts attribute name.
func (d *decoder) attrNamed(name string) bool {
	if !d.inTag {
		d.fail(errors.New("attribute outside a start tag"))
		return false
	}
	d.endAttr()
	d.attrStart = int32(len(d.out))
	d.out = append(d.out, ' ')
	d.out = append(d.out, name...)
	d.out = append(d.out, "='"...)
	d.attrValStart = int32(len(d.out))
	d.attrName = name
	d.attrOpen = true
	d.attrAllNull = true
	return true
}

// dropElement removes the innermost element, rendered from out[start:], with
// the fields its attributes produced.
func (d *decoder) dropElement(start int32) {
	d.out = d.out[:start]
	for len(d.fields) > 0 && d.fields[len(d.fields)-1].valS >= start {
		d.fields = d.fields[:len(d.fields)-1]
	}
	d.stack = d.stack[:len(d.stack)-1]
}

// endAttr closes the open attribute, dropping it entirely when its value is
// only null optional substitutions (as Windows omits such attributes).
func (d *decoder) endAttr() {
	if !d.attrOpen {
		return
	}
	d.attrOpen = false
	if d.attrAllNull && int32(len(d.out)) == d.attrValStart {
		d.out = d.out[:d.attrStart]
		return
	}
	e := int32(len(d.out))
	d.out = append(d.out, '\'')
	d.attributeDone(d.attrName, d.attrValStart, e)
}

// template renders a template instance token and returns the position after
// its substitution values.
func (d *decoder) template(pos, end, depth int) int {
	if depth >= maxDepth {
		d.fail(errors.New("templates nested too deeply"))
		return pos
	}
	if pos+10 > end {
		d.fail(errTruncated)
		return pos
	}
	defOff := d.u32(pos + 6)
	p := pos + 10
	var body, bodyEnd int
	if defOff == p { // definition stored inline, values follow it
		if p+24 > end {
			d.fail(errTruncated)
			return pos
		}
		size := d.u32(p + 20)
		body = p + 24
		if size > end-body {
			d.fail(errors.New("template definition overruns its record"))
			return pos
		}
		bodyEnd = body + size
		p = bodyEnd
	} else {
		if defOff < 0 || defOff+24 > len(d.chunk) {
			d.failf("template definition offset %d outside the chunk", defOff)
			return pos
		}
		size := d.u32(defOff + 20)
		body = defOff + 24
		if size > len(d.chunk)-body {
			d.failf("template definition at %d overruns the chunk", defOff)
			return pos
		}
		bodyEnd = body + size
	}
	if p+4 > end {
		d.fail(errTruncated)
		return pos
	}
	n := d.u32(p)
	p += 4
	if n > (end-p)/4 {
		d.failf("template instance has %d values, more than fit", n)
		return pos
	}
	d.steps += n
	base := len(d.subs)
	v := p + 4*n
	for i := 0; i < n; i++ {
		size := d.u16(p + 4*i)
		if size > end-v {
			d.failf("substitution value %d overruns its record", i)
			d.subs = d.subs[:base]
			return pos
		}
		d.subs = append(d.subs, subst{off: int32(v), size: int32(size), typ: d.chunk[p+4*i+2]})
		v += size
	}
	subs := d.subs[base:]
	inTag, attrOpen := d.inTag, d.attrOpen
	if inTag || attrOpen {
		d.fail(errors.New("template instance inside a start tag"))
		return pos
	}
	if prog := d.program(body, bodyEnd); prog != nil && !d.interpretOnly {
		d.exec(prog, subs, depth+1)
	} else {
		d.run(body, bodyEnd, subs, depth+1, false)
	}
	d.subs = d.subs[:base]
	return v
}

// substitute renders one substitution value where its token stands.
func (d *decoder) substitute(s subst, optional bool, depth int) {
	if s.typ == tNull {
		if d.attrOpen {
			if !optional {
				d.attrAllNull = false
			}
			return
		}
		if d.inTag {
			d.fail(errors.New("substitution inside a start tag"))
		} else if optional && len(d.stack) > 0 {
			d.stack[len(d.stack)-1].nullOpt = true
		}
		return
	}
	if !d.content() {
		return
	}
	b := d.chunk[s.off : s.off+s.size]
	t := s.typ
	if t&tArray != 0 {
		d.array(t&^tArray, b)
		return
	}
	switch t {
	case tString:
		d.out, _ = appendUTF16(d.out, b, d.attrOpen)
		return
	case tAnsi:
		d.out, _ = appendAnsi(d.out, b, d.attrOpen)
		return
	case tBinXML:
		if d.attrOpen {
			d.warnf("BinXML value inside an attribute")
			return
		}
		d.run(int(s.off), int(s.off+s.size), nil, depth+1, true)
		return
	}
	if k := fixedSize(t); k > 0 && len(b) != k {
		d.warnf("value of type 0x%02x has %d bytes, want %d", t, len(b), k)
		return
	}
	var ok bool
	d.out, ok = appendScalar(d.out, t, b)
	if !ok {
		d.warnf("value type 0x%02x not rendered", t)
	}
}

// array renders an array value. In element content each item gets its own
// copy of the element, as Windows repeats the element for array
// substitutions; elsewhere items are separated by a comma.
func (d *decoder) array(t byte, b []byte) {
	repeat := !d.attrOpen && len(d.stack) > 0 && d.stack[len(d.stack)-1].tagEnd > 0
	first := true
	sep := func() {
		d.steps++
		if first {
			first = false
			return
		}
		if !repeat {
			d.out = append(d.out, ',')
			return
		}
		level := len(d.stack) - 1
		top := &d.stack[level]
		s, e := top.tagEnd, int32(len(d.out))
		d.elementDone(level, s, e)
		d.out = append(d.out, "</"...)
		d.out = append(d.out, top.name...)
		d.out = append(d.out, '>')
		// Copy the start tag; it lies earlier in out, so re-slice after append.
		start := int32(len(d.out))
		d.out = append(d.out, d.out[top.tagStart:top.tagEnd]...)
		shift := start - top.tagStart
		top.tagStart += shift
		top.tagEnd += shift
		if top.nameS >= 0 {
			top.nameS += shift
			top.nameE += shift
		}
	}
	switch t {
	case tString:
		for len(b) >= 2 && len(d.out) <= maxOut && d.steps <= maxSteps {
			sep()
			var n int
			d.out, n = appendUTF16(d.out, b, d.attrOpen)
			b = b[n:]
		}
		return
	case tAnsi:
		for len(b) > 0 && len(d.out) <= maxOut && d.steps <= maxSteps {
			sep()
			var n int
			d.out, n = appendAnsi(d.out, b, d.attrOpen)
			b = b[n:]
		}
		return
	case tSizeT:
		t = tHex64
		if len(b)%8 != 0 {
			t = tHex32
		}
	}
	k := fixedSize(t)
	if k <= 0 {
		d.warnf("array of value type 0x%02x not rendered", t)
		return
	}
	if len(b)%k != 0 {
		d.warnf("array of value type 0x%02x has %d bytes", t, len(b))
	}
	for ; len(b) >= k && len(d.out) <= maxOut && d.steps <= maxSteps; b = b[k:] {
		sep()
		d.out, _ = appendScalar(d.out, t, b[:k])
	}
}

// appendRawUTF16 appends UTF-16LE text without XML escaping (CDATA, PI data).
func appendRawUTF16(dst []byte, b []byte) []byte {
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = uint16(b[2*i]) | uint16(b[2*i+1])<<8
	}
	for _, r := range utf16.Decode(u) {
		dst = utf8.AppendRune(dst, r)
	}
	return dst
}
