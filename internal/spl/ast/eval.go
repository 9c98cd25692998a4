package ast

import (
	"strings"

	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/value"
)

// EvalExpr is a node of the eval language, used by eval, where, stats
// eval(...) and function arguments (spl-semantics.md §6).
type EvalExpr interface {
	Node
	evalExpr()
}

// EvalLiteral is a string or number literal. Strings are stored after one
// level of backslash unescaping (§1.3).
type EvalLiteral struct {
	Sp    source.Span
	Value value.Value
}

// EvalField is a field reference: a bare identifier or a single-quoted name.
// An unquoted a.b is concatenation, not a field (§6.1).
type EvalField struct {
	Sp     source.Span
	Name   string
	Quoted bool
}

// EvalCall is a function call. Name is lower case (function names are
// case-insensitive).
type EvalCall struct {
	Sp   source.Span
	Name string
	Args []EvalExpr
}

// BinaryOp is an eval binary operator.
type BinaryOp uint8

// Binary operators, loosest first within each group.
const (
	OpOr BinaryOp = iota
	OpXor
	OpAnd
	OpEqual    // = or ==
	OpNotEqual // !=
	OpLess
	OpLessEq
	OpGreater
	OpGreaterEq
	OpLike
	OpAdd
	OpSub
	OpConcat // .
	OpMul
	OpDiv
	OpMod
)

var binaryOpText = [...]string{"OR", "XOR", "AND", "=", "!=", "<", "<=", ">", ">=", "LIKE", "+", "-", ".", "*", "/", "%"}

func (op BinaryOp) String() string { return binaryOpText[op] }

// Precedence returns the binding strength of op in the eval language:
// OR 1, XOR 2, AND 3, comparisons 5, additive and concatenation 6,
// multiplicative 7 (NOT is 4 and unary minus 8).
func (op BinaryOp) Precedence() int {
	switch op {
	case OpOr:
		return 1
	case OpXor:
		return 2
	case OpAnd:
		return 3
	case OpAdd, OpSub, OpConcat:
		return 6
	case OpMul, OpDiv, OpMod:
		return 7
	}
	return 5
}

// EvalBinary is X op Y.
type EvalBinary struct {
	Sp   source.Span
	Op   BinaryOp
	X, Y EvalExpr
}

// UnaryOp is an eval unary operator.
type UnaryOp uint8

// Unary operators.
const (
	OpNot UnaryOp = iota
	OpNeg
)

// EvalUnary is NOT X or -X.
type EvalUnary struct {
	Sp source.Span
	Op UnaryOp
	X  EvalExpr
}

// EvalIn is X IN (e1, e2, ...); list items are expressions.
type EvalIn struct {
	Sp   source.Span
	X    EvalExpr
	List []EvalExpr
}

func (x *EvalLiteral) Span() source.Span { return x.Sp }
func (x *EvalField) Span() source.Span   { return x.Sp }
func (x *EvalCall) Span() source.Span    { return x.Sp }
func (x *EvalBinary) Span() source.Span  { return x.Sp }
func (x *EvalUnary) Span() source.Span   { return x.Sp }
func (x *EvalIn) Span() source.Span      { return x.Sp }

func (*EvalLiteral) evalExpr() {}
func (*EvalField) evalExpr()   {}
func (*EvalCall) evalExpr()    {}
func (*EvalBinary) evalExpr()  {}
func (*EvalUnary) evalExpr()   {}
func (*EvalIn) evalExpr()      {}

func (x *EvalLiteral) String() string {
	if x.Value.Kind() == value.String {
		return Quote(x.Value.Text())
	}
	return x.Value.Text()
}

func (x *EvalField) String() string {
	if x.Quoted || !isIdent(x.Name) {
		return "'" + strings.ReplaceAll(x.Name, "'", "\\'") + "'"
	}
	return x.Name
}

func isIdent(s string) bool {
	if s == "" || (s[0] >= '0' && s[0] <= '9') {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	switch strings.ToUpper(s) {
	case "AND", "OR", "NOT", "XOR", "LIKE", "IN":
		return false
	}
	return true
}

func (x *EvalCall) String() string {
	parts := make([]string, len(x.Args))
	for i, a := range x.Args {
		parts[i] = a.String()
	}
	return x.Name + "(" + strings.Join(parts, ", ") + ")"
}

// String prints with the parentheses precedence requires, and parenthesizes
// a right operand of equal precedence (operators are left-associative).
func (x *EvalBinary) String() string {
	p := x.Op.Precedence()
	l, r := x.X.String(), x.Y.String()
	if evalPrec(x.X) < p {
		l = "(" + l + ")"
	}
	if evalPrec(x.Y) <= p {
		r = "(" + r + ")"
	}
	return l + " " + x.Op.String() + " " + r
}

func evalPrec(e EvalExpr) int {
	switch e := e.(type) {
	case *EvalBinary:
		return e.Op.Precedence()
	case *EvalUnary:
		if e.Op == OpNot {
			return 4
		}
		return 8
	case *EvalIn:
		return 5
	}
	return 9
}

func (x *EvalUnary) String() string {
	s := x.X.String()
	if x.Op == OpNot {
		if evalPrec(x.X) < 4 {
			s = "(" + s + ")"
		}
		return "NOT " + s
	}
	if evalPrec(x.X) < 8 {
		s = "(" + s + ")"
	}
	return "-" + s
}

func (x *EvalIn) String() string {
	parts := make([]string, len(x.List))
	for i, a := range x.List {
		parts[i] = a.String()
	}
	l := x.X.String()
	if evalPrec(x.X) <= 5 {
		l = "(" + l + ")"
	}
	return l + " IN (" + strings.Join(parts, ", ") + ")"
}
