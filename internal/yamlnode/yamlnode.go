// Package yamlnode decodes YAML files (content, Sigma rules) into nodes that
// keep scalars exactly as written and the byte position of every node, so
// that loaders can read them by hand and point every error into the file.
package yamlnode

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/goccy/go-yaml"
	yast "github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"

	"github.com/riskhound/riskhound/internal/source"
)

// Node is a decoded YAML node that keeps scalars exactly as written (ids,
// `0x10`, `010` stay strings) and the byte position of every node, so that
// schema errors can point into the file. The loaders read detections, macros,
// lookups and stories from nodes by hand instead of through reflection, which
// keeps every scalar a string and every error positioned.
type Node struct {
	Kind   Kind
	Text   string      // scalar text (block scalars folded as YAML says)
	Span   source.Span // of the scalar's text or the collection's first token
	Quoted bool        // single- or double-quoted scalar
	Keys   []*Node     // mapping keys, in order
	Vals   []*Node     // mapping values, or sequence items
}

type Kind uint8

const (
	Null Kind = iota
	Scalar
	Map
	Seq
)

func (k Kind) String() string {
	return [...]string{"null", "scalar", "mapping", "sequence"}[k]
}

// get returns the value of key in a mapping, nil when absent or n is not a
// mapping.
func (n *Node) Get(key string) *Node {
	if n == nil || n.Kind != Map {
		return nil
	}
	for i, k := range n.Keys {
		if k.Text == key {
			return n.Vals[i]
		}
	}
	return nil
}

// str returns a scalar's text, "" for null or absent.
func (n *Node) Str() string {
	if n == nil || n.Kind != Scalar {
		return ""
	}
	return n.Text
}

// yamlFile parses text as one YAML document and converts it to nodes. Errors
// are *source.Diagnostic (class source.ErrSyntax) pointing at the offending
// token in f.
func Parse(f *source.File) (*Node, error) { return parse(f, false) }

// ParseAnchored is Parse for trusted definition files that share lists
// through anchors: an alias resolves to the node of the anchor above it (the
// same node, not a copy).
func ParseAnchored(f *source.File) (*Node, error) { return parse(f, true) }

func parse(f *source.File, aliases bool) (n *Node, err error) {
	// goccy/go-yaml is third-party code fed untrusted files; a panic in it
	// must cost one file, not the process.
	defer func() {
		if r := recover(); r != nil {
			n, err = nil, source.Errorf(source.ErrSyntax, f, source.Span{}, "YAML: parser failed: %v", r)
		}
	}()
	af, err := parser.ParseBytes([]byte(f.Text), 0)
	if err != nil {
		return nil, diag(f, err)
	}
	if len(af.Docs) == 0 || af.Docs[0].Body == nil {
		return &Node{Kind: Null}, nil
	}
	if len(af.Docs) > 1 {
		return nil, source.Errorf(source.ErrSyntax, f, newConverter(f).span(docStart(af.Docs[1])), "more than one YAML document in a file")
	}
	c := newConverter(f)
	if aliases {
		c.anchors = map[string]*Node{}
	}
	return c.convert(af.Docs[0].Body, 0)
}

// yamlDiag converts a goccy error to a positioned diagnostic.
func diag(f *source.File, err error) *source.Diagnostic {
	var ye yaml.Error
	if errors.As(err, &ye) && ye.GetToken() != nil {
		return source.Errorf(source.ErrSyntax, f, newConverter(f).span(ye.GetToken()), "YAML: %s", ye.GetMessage())
	}
	return source.Errorf(source.ErrSyntax, f, source.Span{}, "YAML: %v", err)
}

// maxDepth bounds nesting so a hostile file cannot exhaust the stack.
const maxDepth = 64

type converter struct {
	f       *source.File
	lines   []int            // byte offset of each line's start
	anchors map[string]*Node // nil: aliases are an error
}

func newConverter(f *source.File) *converter {
	c := &converter{f: f, lines: []int{0}}
	for i := 0; i < len(f.Text); i++ {
		if f.Text[i] == '\n' {
			c.lines = append(c.lines, i+1)
		}
	}
	return c
}

func (c *converter) convert(n yast.Node, depth int) (*Node, error) {
	if depth > maxDepth {
		return nil, source.Errorf(source.ErrLimit, c.f, c.span(n.GetToken()), "YAML nested deeper than %d levels", maxDepth)
	}
	switch n := n.(type) {
	case *yast.NullNode:
		return &Node{Kind: Null, Span: c.span(n.Token)}, nil
	case *yast.StringNode:
		return c.scalar(n.Token, n.Value), nil
	case *yast.LiteralNode:
		// The text starts on the line after the | or > indicator, after
		// the indentation.
		sp := c.span(n.Start)
		start := int(sp.Start)
		if i := strings.IndexByte(c.f.Text[start:], '\n'); i >= 0 {
			start += i + 1
		}
		for start < len(c.f.Text) && (c.f.Text[start] == ' ' || c.f.Text[start] == '\t') {
			start++
		}
		out := &Node{Kind: Scalar, Span: source.Span{Start: source.Pos(start), End: source.Pos(start)}}
		if n.Value != nil {
			out.Text = n.Value.Value
			out.Span.End = source.Pos(min(start+len(out.Text), len(c.f.Text)))
		}
		return out, nil
	case *yast.IntegerNode:
		return c.scalar(n.Token, n.Token.Value), nil
	case *yast.FloatNode:
		return c.scalar(n.Token, n.Token.Value), nil
	case *yast.BoolNode:
		return c.scalar(n.Token, n.Token.Value), nil
	case *yast.InfinityNode:
		return c.scalar(n.Token, n.Token.Value), nil
	case *yast.NanNode:
		return c.scalar(n.Token, n.Token.Value), nil
	case *yast.TagNode:
		return c.convert(n.Value, depth+1)
	case *yast.AnchorNode:
		v, err := c.convert(n.Value, depth+1)
		if err == nil && c.anchors != nil && n.Name != nil {
			c.anchors[n.Name.GetToken().Value] = v
		}
		return v, err
	case *yast.AliasNode:
		if c.anchors == nil {
			return nil, source.Errorf(source.ErrUnsupported, c.f, c.span(n.GetToken()), "YAML aliases are not supported")
		}
		name := ""
		if n.Value != nil {
			name = n.Value.GetToken().Value
		}
		if v := c.anchors[name]; v != nil {
			return v, nil
		}
		return nil, source.Errorf(source.ErrInput, c.f, c.span(n.GetToken()), "YAML alias *%s has no anchor above it", name)
	case *yast.MappingNode:
		out := &Node{Kind: Map, Span: c.span(n.GetToken())}
		for _, mv := range n.Values {
			if err := c.pair(out, mv, depth); err != nil {
				return nil, err
			}
		}
		if len(out.Keys) > 0 {
			out.Span = out.Keys[0].Span // the ':' token is a poor place to point
		}
		return out, nil
	case *yast.MappingValueNode:
		out := &Node{Kind: Map, Span: c.span(n.GetToken())}
		if err := c.pair(out, n, depth); err != nil {
			return nil, err
		}
		out.Span = out.Keys[0].Span
		return out, nil
	case *yast.SequenceNode:
		out := &Node{Kind: Seq, Span: c.span(n.GetToken())}
		for _, v := range n.Values {
			item, err := c.convert(v, depth+1)
			if err != nil {
				return nil, err
			}
			out.Vals = append(out.Vals, item)
		}
		return out, nil
	}
	return nil, source.Errorf(source.ErrUnsupported, c.f, c.span(n.GetToken()), "unsupported YAML node %s", n.Type())
}

func (c *converter) pair(out *Node, mv *yast.MappingValueNode, depth int) error {
	k, err := c.convert(mv.Key, depth+1)
	if err != nil {
		return err
	}
	if k.Kind != Scalar {
		return source.Errorf(source.ErrInput, c.f, k.Span, "mapping key must be a scalar, not a %s", k.Kind)
	}
	v, err := c.convert(mv.Value, depth+1)
	if err != nil {
		return err
	}
	out.Keys = append(out.Keys, k)
	out.Vals = append(out.Vals, v)
	return nil
}

func (c *converter) scalar(tk *token.Token, text string) *Node {
	sp := c.span(tk)
	n := &Node{Kind: Scalar, Text: text, Span: sp}
	if tk != nil && (tk.Type == token.SingleQuoteType || tk.Type == token.DoubleQuoteType) {
		n.Quoted = true
	}
	return n
}

// span converts a goccy token position (1-based line, and a column counted
// in runes) to a byte span in the file covering the token's text on its
// first line.
func (c *converter) span(tk *token.Token) source.Span {
	if tk == nil || tk.Position == nil {
		return source.Span{}
	}
	start := c.byteOffset(tk.Position.Line, tk.Position.Column)
	o := strings.TrimLeft(tk.Origin, " \t\r\n")
	if i := strings.IndexByte(o, '\n'); i >= 0 {
		o = o[:i]
	}
	n := max(len(strings.TrimRight(o, " \t\r")), 1)
	end := min(int(start)+n, len(c.f.Text))
	return source.Span{Start: start, End: source.Pos(max(end, int(start)))}
}

// byteOffset returns the byte offset of (line, rune column), clamped to the
// text.
func (c *converter) byteOffset(line, col int) source.Pos {
	text := c.f.Text
	if line < 1 {
		return 0
	}
	if line > len(c.lines) {
		return source.Pos(len(text))
	}
	off := c.lines[line-1]
	for k := 1; k < col && off < len(text) && text[off] != '\n'; k++ {
		_, w := utf8.DecodeRuneInString(text[off:])
		off += w
	}
	return source.Pos(off)
}

// typeErr reports that n is not of the wanted shape.
func TypeErr(f *source.File, n *Node, key, want string) *source.Diagnostic {
	return source.Errorf(source.ErrInput, f, n.Span, "%s: want %s, got %s", key, want, Describe(n))
}

func Describe(n *Node) string {
	if n.Kind == Scalar {
		return fmt.Sprintf("%q", n.Text)
	}
	return "a " + n.Kind.String()
}

// docStart is the token a document begins with: its "---", else its first.
func docStart(d *yast.DocumentNode) *token.Token {
	if d.Start != nil {
		return d.Start
	}
	return d.GetToken()
}
