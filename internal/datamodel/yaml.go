package datamodel

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

// ynode is a YAML node reduced to what the definition loader needs: scalars
// kept as written, mappings with ordered keys, and the byte span of every
// node so that a bad definition is reported at file:line:col.
type ynode struct {
	kind ykind
	text string
	span source.Span
	keys []*ynode
	vals []*ynode
}

type ykind uint8

const (
	yNull ykind = iota
	yScalar
	yMap
	ySeq
)

func (k ykind) String() string {
	return [...]string{"null", "scalar", "mapping", "sequence"}[k]
}

// get returns the value of key in a mapping, nil when absent.
func (n *ynode) get(key string) *ynode {
	if n == nil || n.kind != yMap {
		return nil
	}
	for i, k := range n.keys {
		if k.text == key {
			return n.vals[i]
		}
	}
	return nil
}

func (n *ynode) describe() string {
	if n.kind == yScalar {
		return fmt.Sprintf("%q", n.text)
	}
	return "a " + n.kind.String()
}

// parseYAML parses f as one YAML document.
func parseYAML(f *source.File) (n *ynode, err error) {
	// goccy/go-yaml is third-party code fed user files: a panic in it must
	// cost one file, not the process.
	defer func() {
		if r := recover(); r != nil {
			n, err = nil, source.Errorf(source.ErrSyntax, f, source.Span{}, "YAML: parser failed: %v", r)
		}
	}()
	af, err := parser.ParseBytes([]byte(f.Text), 0)
	if err != nil {
		var ye yaml.Error
		if errors.As(err, &ye) && ye.GetToken() != nil {
			return nil, source.Errorf(source.ErrSyntax, f, tokenSpan(f, ye.GetToken()), "YAML: %s", ye.GetMessage())
		}
		return nil, source.Errorf(source.ErrSyntax, f, source.Span{}, "YAML: %v", err)
	}
	if len(af.Docs) == 0 || af.Docs[0].Body == nil {
		return &ynode{kind: yNull}, nil
	}
	if len(af.Docs) > 1 {
		return nil, source.Errorf(source.ErrSyntax, f, tokenSpan(f, af.Docs[1].GetToken()), "more than one YAML document in a definition file")
	}
	c := &yconv{f: f, anchors: map[string]*ynode{}}
	return c.convert(af.Docs[0].Body, 0)
}

// yconv converts goccy nodes, resolving aliases to earlier anchors so that
// definition files can share lists (Security 4624/4625 share their fields).
type yconv struct {
	f       *source.File
	anchors map[string]*ynode
}

const maxYAMLDepth = 32

func (c *yconv) convert(n yast.Node, depth int) (*ynode, error) {
	f := c.f
	if depth > maxYAMLDepth {
		return nil, source.Errorf(source.ErrLimit, f, tokenSpan(f, n.GetToken()), "YAML nested deeper than %d levels", maxYAMLDepth)
	}
	scalar := func(tk *token.Token, text string) *ynode {
		return &ynode{kind: yScalar, text: text, span: tokenSpan(f, tk)}
	}
	switch n := n.(type) {
	case *yast.NullNode:
		return &ynode{kind: yNull, span: tokenSpan(f, n.Token)}, nil
	case *yast.StringNode:
		return scalar(n.Token, n.Value), nil
	case *yast.IntegerNode:
		return scalar(n.Token, n.Token.Value), nil
	case *yast.FloatNode:
		return scalar(n.Token, n.Token.Value), nil
	case *yast.BoolNode:
		return scalar(n.Token, n.Token.Value), nil
	case *yast.LiteralNode:
		out := &ynode{kind: yScalar, span: tokenSpan(f, n.Start)}
		if n.Value != nil {
			out.text = n.Value.Value
		}
		return out, nil
	case *yast.TagNode:
		return c.convert(n.Value, depth+1)
	case *yast.AnchorNode:
		v, err := c.convert(n.Value, depth+1)
		if err == nil && n.Name != nil {
			c.anchors[n.Name.GetToken().Value] = v
		}
		return v, err
	case *yast.AliasNode:
		name := ""
		if n.Value != nil {
			name = n.Value.GetToken().Value
		}
		v := c.anchors[name]
		if v == nil {
			return nil, source.Errorf(source.ErrInput, f, tokenSpan(f, n.GetToken()), "YAML alias *%s has no anchor above it", name)
		}
		return v, nil
	case *yast.MappingNode:
		out := &ynode{kind: yMap, span: tokenSpan(f, n.GetToken())}
		for _, mv := range n.Values {
			if err := c.pair(out, mv, depth); err != nil {
				return nil, err
			}
		}
		if len(out.keys) > 0 {
			out.span = out.keys[0].span
		}
		return out, nil
	case *yast.MappingValueNode:
		out := &ynode{kind: yMap}
		if err := c.pair(out, n, depth); err != nil {
			return nil, err
		}
		out.span = out.keys[0].span
		return out, nil
	case *yast.SequenceNode:
		out := &ynode{kind: ySeq, span: tokenSpan(f, n.GetToken())}
		for _, v := range n.Values {
			item, err := c.convert(v, depth+1)
			if err != nil {
				return nil, err
			}
			out.vals = append(out.vals, item)
		}
		return out, nil
	}
	return nil, source.Errorf(source.ErrUnsupported, f, tokenSpan(f, n.GetToken()), "unsupported YAML node %s", n.Type())
}

func (c *yconv) pair(out *ynode, mv *yast.MappingValueNode, depth int) error {
	f := c.f
	k, err := c.convert(mv.Key, depth+1)
	if err != nil {
		return err
	}
	if k.kind != yScalar {
		return source.Errorf(source.ErrInput, f, k.span, "mapping key must be a scalar, not a %s", k.kind)
	}
	v, err := c.convert(mv.Value, depth+1)
	if err != nil {
		return err
	}
	out.keys = append(out.keys, k)
	out.vals = append(out.vals, v)
	return nil
}

// tokenSpan converts a goccy token position (1-based line, rune column) to a
// byte span covering the token's text on its first line.
func tokenSpan(f *source.File, tk *token.Token) source.Span {
	if tk == nil || tk.Position == nil {
		return source.Span{}
	}
	off := 0
	for l := 1; l < tk.Position.Line; l++ {
		i := strings.IndexByte(f.Text[off:], '\n')
		if i < 0 {
			off = len(f.Text)
			break
		}
		off += i + 1
	}
	for c := 1; c < tk.Position.Column && off < len(f.Text) && f.Text[off] != '\n'; c++ {
		_, w := utf8.DecodeRuneInString(f.Text[off:])
		off += w
	}
	o := strings.TrimLeft(tk.Origin, " \t\r\n")
	if i := strings.IndexByte(o, '\n'); i >= 0 {
		o = o[:i]
	}
	end := min(off+max(len(strings.TrimRight(o, " \t\r")), 1), len(f.Text))
	return source.Span{Start: source.Pos(off), End: source.Pos(max(end, off))}
}
