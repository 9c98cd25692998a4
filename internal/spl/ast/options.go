package ast

import "strings"

// FindOption returns the last option whose key equals key case-insensitively,
// or nil. Later options override earlier ones, as in Splunk.
func FindOption(opts []*Option, key string) *Option {
	for i := len(opts) - 1; i >= 0; i-- {
		if strings.EqualFold(opts[i].Key, key) {
			return opts[i]
		}
	}
	return nil
}

// writeOptions writes " k=v" for each option.
func writeOptions(b *strings.Builder, opts []*Option) {
	for _, o := range opts {
		b.WriteByte(' ')
		b.WriteString(o.String())
	}
}

// writeFields writes " f1 f2 ..." (nothing for an empty list).
func writeFields(b *strings.Builder, fs []*Field) {
	if len(fs) > 0 {
		b.WriteByte(' ')
		b.WriteString(FieldList(fs))
	}
}

// writeAggs writes the aggregations separated by commas.
func writeAggs(b *strings.Builder, aggs []*Aggregation) {
	for i, a := range aggs {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(" " + a.String())
	}
}

// optionsField prints "name opts field" for the commands made of options and
// one field; the field prints last and is omitted when nil.
func optionsField(name string, opts []*Option, f *Field) string {
	var b strings.Builder
	b.WriteString(name)
	writeOptions(&b, opts)
	if f != nil {
		b.WriteString(" " + f.String())
	}
	return b.String()
}

// optionsArgs prints "name opts args" for the commands made of options and
// positional arguments.
func optionsArgs(name string, opts []*Option, args []*Field) string {
	var b strings.Builder
	b.WriteString(name)
	writeOptions(&b, opts)
	writeFields(&b, args)
	return b.String()
}
