package evtx

import (
	"encoding/binary"
	"hash/crc32"
	"unicode/utf16"
)

// This file builds synthetic EVTX files for the tests: a chunk writer that
// places records and a BinXML writer that knows the chunk offset of every
// byte it writes (names and template definitions are referenced by chunk
// offset, and are stored inline when first used).

var le = binary.LittleEndian

type chunkW struct {
	buf      []byte
	off      int            // next record offset
	names    map[string]int // name -> chunk offset of its first (inline) copy
	first    uint64
	last     uint64
	nrecords int
}

func newChunkW() *chunkW {
	c := &chunkW{buf: make([]byte, chunkSize), off: chunkHdrEnd, names: map[string]int{}}
	copy(c.buf, chunkMagic)
	return c
}

// record appends a record whose BinXML body is written by fill.
func (c *chunkW) record(id uint64, fill func(b *bx)) {
	b := &bx{c: c, base: c.off + recordHdrSize}
	fill(b)
	size := recordHdrSize + len(b.out) + 4
	copy(c.buf[c.off:], recordMagic)
	le.PutUint32(c.buf[c.off+4:], uint32(size))
	le.PutUint64(c.buf[c.off+8:], id)
	le.PutUint64(c.buf[c.off+16:], 132000000000000000)
	copy(c.buf[c.off+recordHdrSize:], b.out)
	le.PutUint32(c.buf[c.off+size-4:], uint32(size))
	if c.nrecords == 0 {
		c.first = id
	}
	c.last = id
	c.nrecords++
	c.off += size
}

// bytes finalizes the header fields and checksums and returns the chunk.
func (c *chunkW) bytes() []byte {
	h := c.buf
	le.PutUint64(h[8:], c.first)
	le.PutUint64(h[16:], c.last)
	le.PutUint64(h[24:], c.first)
	le.PutUint64(h[32:], c.last)
	le.PutUint32(h[40:], 128)
	le.PutUint32(h[48:], uint32(c.off))
	le.PutUint32(h[52:], crc32.ChecksumIEEE(h[chunkHdrEnd:c.off]))
	crc := crc32.ChecksumIEEE(h[:120])
	crc = crc32.Update(crc, crc32.IEEETable, h[128:chunkHdrEnd])
	le.PutUint32(h[124:], crc)
	return h
}

// fileOf assembles a file header and chunks into an EVTX file.
func fileOf(chunks ...[]byte) []byte {
	f := make([]byte, fileHeaderSize, fileHeaderSize+len(chunks)*chunkSize)
	copy(f, Magic)
	le.PutUint64(f[16:], uint64(max(len(chunks)-1, 0)))
	le.PutUint32(f[32:], 128)
	le.PutUint16(f[36:], 1)
	le.PutUint16(f[38:], 3)
	le.PutUint16(f[40:], fileHeaderSize)
	le.PutUint16(f[42:], uint16(len(chunks)))
	le.PutUint32(f[124:], crc32.ChecksumIEEE(f[:120]))
	for _, c := range chunks {
		f = append(f, c...)
	}
	return f
}

// bx writes BinXML at chunk offset base.
type bx struct {
	c    *chunkW
	base int
	out  []byte
}

func (b *bx) pos() int { return b.base + len(b.out) }

func (b *bx) u8(v byte)    { b.out = append(b.out, v) }
func (b *bx) u16(v int)    { b.out = le.AppendUint16(b.out, uint16(v)) }
func (b *bx) u32(v int)    { b.out = le.AppendUint32(b.out, uint32(v)) }
func (b *bx) raw(p []byte) { b.out = append(b.out, p...) }

func utf16le(s string) []byte {
	var out []byte
	for _, u := range utf16.Encode([]rune(s)) {
		out = le.AppendUint16(out, u)
	}
	return out
}

// name writes a name reference: inline the first time, by offset after.
func (b *bx) name(s string) {
	if off, ok := b.c.names[s]; ok {
		b.u32(off)
		return
	}
	off := b.pos() + 4
	b.u32(off)
	b.c.names[s] = off
	b.u32(0) // next name in the hash chain
	b.u16(0) // hash (unchecked)
	b.u16(len(utf16.Encode([]rune(s))))
	b.raw(utf16le(s))
	b.u16(0)
}

func (b *bx) frag() { b.raw([]byte{0x0f, 1, 1, 0}) }
func (b *bx) eof()  { b.u8(0x00) }

// open writes an open-start-element token; attrs says attributes follow.
func (b *bx) open(name string, attrs bool) {
	if attrs {
		b.u8(0x41)
	} else {
		b.u8(0x01)
	}
	b.u16(0xffff)
	b.u32(0) // data size (not needed by the decoder)
	b.name(name)
	if attrs {
		b.u32(0) // attribute list size
	}
}

func (b *bx) attr(name string, more bool) {
	if more {
		b.u8(0x46)
	} else {
		b.u8(0x06)
	}
	b.name(name)
}

func (b *bx) closeStart() { b.u8(0x02) }
func (b *bx) closeEmpty() { b.u8(0x03) }
func (b *bx) end()        { b.u8(0x04) }

// text writes a value-text token.
func (b *bx) text(s string) {
	u := utf16le(s)
	b.raw([]byte{0x05, 0x01})
	b.u16(len(u) / 2)
	b.raw(u)
}

// sub writes a normal (or optional) substitution token.
func (b *bx) sub(id int, typ byte, optional bool) {
	if optional {
		b.u8(0x0e)
	} else {
		b.u8(0x0d)
	}
	b.u16(id)
	b.u8(typ)
}

// elem writes <name>body</name> with no attributes.
func (b *bx) elem(name string, body func()) {
	b.open(name, false)
	b.closeStart()
	body()
	b.end()
}

// val is one substitution value.
type val struct {
	typ  byte
	data []byte
}

func vStr(s string) val        { return val{tString, utf16le(s)} }
func vU16(v int) val           { return val{tUint16, le.AppendUint16(nil, uint16(v))} }
func vU64(v uint64) val        { return val{tUint64, le.AppendUint64(nil, v)} }
func vHex64(v uint64) val      { return val{tHex64, le.AppendUint64(nil, v)} }
func vHex32(v uint32) val      { return val{tHex32, le.AppendUint32(nil, v)} }
func vFT(v uint64) val         { return val{tFiletime, le.AppendUint64(nil, v)} }
func vNull() val               { return val{tNull, nil} }
func vOf(t byte, d []byte) val { return val{t, d} }

// template writes a template instance. With defAt < 0 the definition is
// written inline (body writes it) and its offset is returned; otherwise the
// instance refers to the definition at chunk offset defAt.
func (b *bx) template(defAt int, body func(b *bx), vals []val) int {
	b.u8(0x0c)
	b.u8(0x01)
	b.u32(0x1234)
	if defAt >= 0 {
		b.u32(defAt)
	} else {
		defAt = b.pos() + 4
		b.u32(defAt)
		b.u32(0)                // next definition
		b.raw(make([]byte, 16)) // GUID
		sizeAt := len(b.out)
		b.u32(0)
		start := len(b.out)
		body(b)
		le.PutUint32(b.out[sizeAt:], uint32(len(b.out)-start))
	}
	b.u32(len(vals))
	for _, v := range vals {
		b.u16(len(v.data))
		b.u8(v.typ)
		b.u8(0)
	}
	for _, v := range vals {
		b.raw(v.data)
	}
	return defAt
}

// eventTemplate writes a typical Security-style event template:
// System (Provider, EventID, Level, TimeCreated, EventRecordID, Correlation,
// Execution, Channel, Computer, Security) and EventData with the given Data
// names, value i of EventData being substitution 10+i.
//
// Substitutions: 0 Provider Name, 1 Provider Guid, 2 EventID, 3 Level,
// 4 SystemTime, 5 EventRecordID, 6 ActivityID (optional), 7 ProcessID,
// 8 Channel, 9 Computer/UserID... see the body.
func eventTemplate(dataNames []string, dataTypes []byte) func(b *bx) {
	return func(b *bx) {
		b.frag()
		b.open("Event", true)
		b.attr("xmlns", false)
		b.text("http://schemas.microsoft.com/win/2004/08/events/event")
		b.closeStart()
		b.elem("System", func() {
			b.open("Provider", true)
			b.attr("Name", true)
			b.sub(0, tString, true)
			b.attr("Guid", false)
			b.sub(1, tGUID, true)
			b.closeEmpty()
			b.elem("EventID", func() { b.sub(2, tUint16, true) })
			b.elem("Level", func() { b.sub(3, tUint8, true) })
			b.elem("Keywords", func() { b.sub(12, tHex64, true) })
			b.open("TimeCreated", true)
			b.attr("SystemTime", false)
			b.sub(4, tFiletime, true)
			b.closeEmpty()
			b.elem("EventRecordID", func() { b.sub(5, tUint64, true) })
			b.open("Correlation", true)
			b.attr("ActivityID", false)
			b.sub(6, tGUID, true)
			b.closeEmpty()
			b.open("Execution", true)
			b.attr("ProcessID", false)
			b.sub(7, tUint32, true)
			b.closeEmpty()
			b.elem("Channel", func() { b.sub(8, tString, true) })
			b.elem("Computer", func() { b.sub(9, tString, true) })
			b.open("Security", true)
			b.attr("UserID", false)
			b.sub(10, tSID, true)
			b.closeEmpty()
		})
		b.elem("EventData", func() {
			for i, n := range dataNames {
				if n == "" {
					b.open("Data", false)
				} else {
					b.open("Data", true)
					b.attr("Name", false)
					b.text(n)
				}
				b.closeStart()
				b.sub(13+i, dataTypes[i], true)
				b.end()
			}
		})
		b.end()
		b.eof()
	}
}

// sid returns the binary SID S-1-5-21-1-2-3-1001.
func sid() []byte {
	b := []byte{1, 5, 0, 0, 0, 0, 0, 5}
	for _, v := range []uint32{21, 1, 2, 3, 1001} {
		b = le.AppendUint32(b, v)
	}
	return b
}

var providerGUID = []byte{0x25, 0x96, 0x84, 0x54, 0x78, 0x54, 0x94, 0x49, 0xa5, 0xba, 0x3e, 0x3b, 0x03, 0x28, 0xc3, 0x0d}

// systemVals returns substitutions 0..12 for eventTemplate.
func systemVals(id uint64) []val {
	return []val{
		vStr("Microsoft-Windows-Security-Auditing"),
		vOf(tGUID, providerGUID),
		vU16(4625),
		vOf(tUint8, []byte{0}),
		vFT(132000000001234567), // 2019-04-18T...
		vU64(id),
		vNull(),
		vOf(tUint32, le.AppendUint32(nil, 636)),
		vStr("Security"),
		vStr("DC01.example.corp"),
		vOf(tSID, sid()),
		vNull(),
		vHex64(0x8010000000000000),
	}
}

func (b *bx) charRef(v int) { b.u8(0x08); b.u16(v) }

func (b *bx) entityRef(name string) { b.u8(0x09); b.name(name) }

func (b *bx) cdata(s string) {
	u := utf16le(s)
	b.u8(0x07)
	b.u16(len(u) / 2)
	b.raw(u)
}

func (b *bx) pi(target, data string) {
	b.u8(0x0a)
	b.name(target)
	u := utf16le(data)
	b.u8(0x0b)
	b.u16(len(u) / 2)
	b.raw(u)
}
