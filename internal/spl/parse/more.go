package parse

import (
	"strconv"

	"github.com/riskhound/riskhound/internal/spl/ast"
)

// moreCommands holds the parse functions of the commands beyond the seed
// detections' (tstats, rex, lookup, ...), merged into commands at init.
var moreCommands = map[string]parseFunc{
	"tstats":           parseTstats,
	"rex":              parseRex,
	"regex":            parseRegex,
	"lookup":           parseLookup,
	"dedup":            parseDedup,
	"sort":             parseSort,
	"head":             parseHead,
	"tail":             parseTail,
	"fillnull":         parseFillnull,
	"bin":              parseBin,
	"bucket":           parseBin,
	"join":             parseJoin,
	"append":           parseAppend,
	"appendpipe":       parseAppendpipe,
	"inputlookup":      parseInputlookup,
	"outputlookup":     parseOutputlookup,
	"mvexpand":         parseMvexpand,
	"makemv":           parseMakemv,
	"xmlkv":            parseXmlkv,
	"fromjson":         parseFromjson,
	"iplocation":       parseIplocation,
	"spath":            parseSpath,
	"foreach":          parseForeach,
	"transaction":      parseTransaction,
	"map":              parseMap,
	"reverse":          parseReverse,
	"addtotals":        parseAddtotals,
	"timechart":        parseTimechart,
	"from":             parseFrom,
	"makeresults":      parseMakeresults,
	"mstats":           parseMstats,
	"replace":          parseReplace,
	"apply":            parseApply,
	"outlier":          parseOutlier,
	"anomalydetection": parseAnomalydetection,
	"extract":          parseExtract,
	"kv":               parseExtract,
	"multikv":          parseMultikv,
	"cyberchef":        parseCyberchef,
	"format":           parseFormat,
	"return":           parseReturn,
}

// optionsAndFields reads options and fields in any order, separated by
// spaces or commas, up to the end of the command or a token for which stop
// returns true.
func (p *parser) optionsAndFields(stop func(token) bool) (opts []*ast.Option, fields []*ast.Field) {
	for !p.atEnd() {
		t := p.peek(modeArg)
		switch {
		case stop != nil && stop(t):
			return opts, fields
		case t.kind == tComma:
			p.next(modeArg)
		case p.isOptionAhead():
			opts = append(opts, p.option())
		default:
			fields = append(fields, p.fieldArg("a field name or option"))
		}
	}
	return opts, fields
}

// optionsAndField reads options and at most one field, in any order.
func (p *parser) optionsAndField(cmd string, required bool) ([]*ast.Option, *ast.Field) {
	opts, fields := p.optionsAndFields(nil)
	if len(fields) > 1 {
		p.fail(fields[1].Sp, "%s takes one field, found a second one %q", cmd, fields[1].Name)
	}
	if len(fields) == 0 {
		if required {
			p.errorExpected(p.peek(modeArg), "a field name for "+cmd)
		}
		return opts, nil
	}
	return opts, fields[0]
}

// count reads an optional leading unsigned integer such as "sort 0" or
// "head 5".
func (p *parser) count() (int, bool) {
	t := p.peek(modeArg)
	if t.kind != tWord || !isAllDigits(t.text) {
		return 0, false
	}
	n, err := strconv.Atoi(t.text)
	if err != nil || n > 1<<30 {
		p.fail(t.sp, "count %s is out of range", t.text)
	}
	p.next(modeArg)
	return n, true
}

func isAllDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

func isSubsearchAhead(p *parser) bool { return p.peek(modeArg).kind == tLBrack }

func parseMvexpand(p *parser, name token) ast.Command {
	opts, f := p.optionsAndField("mvexpand", true)
	return &ast.MvexpandCommand{Sp: p.span(name.sp.Start), Options: opts, Field: f}
}

func parseMakemv(p *parser, name token) ast.Command {
	opts, f := p.optionsAndField("makemv", true)
	return &ast.MakemvCommand{Sp: p.span(name.sp.Start), Options: opts, Field: f}
}

func parseXmlkv(p *parser, name token) ast.Command {
	opts, f := p.optionsAndField("xmlkv", false)
	return &ast.XmlkvCommand{Sp: p.span(name.sp.Start), Options: opts, Field: f}
}

func parseFromjson(p *parser, name token) ast.Command {
	opts, f := p.optionsAndField("fromjson", true)
	return &ast.FromjsonCommand{Sp: p.span(name.sp.Start), Options: opts, Field: f}
}

func parseIplocation(p *parser, name token) ast.Command {
	opts, f := p.optionsAndField("iplocation", true)
	return &ast.IplocationCommand{Sp: p.span(name.sp.Start), Options: opts, Field: f}
}

func parseSpath(p *parser, name token) ast.Command {
	opts, f := p.optionsAndField("spath", false)
	return &ast.SpathCommand{Sp: p.span(name.sp.Start), Options: opts, Field: f}
}

func parseMakeresults(p *parser, name token) ast.Command {
	opts := p.options()
	return &ast.MakeresultsCommand{Sp: p.span(name.sp.Start), Options: opts}
}

func parseReverse(p *parser, name token) ast.Command {
	return &ast.ReverseCommand{Sp: name.sp}
}

func parseAddtotals(p *parser, name token) ast.Command {
	opts, fs := p.optionsAndFields(nil)
	return &ast.AddtotalsCommand{Sp: p.span(name.sp.Start), Options: opts, Fields: fs}
}

func parseHead(p *parser, name token) ast.Command {
	n, has := p.count()
	opts := p.options()
	return &ast.HeadCommand{Sp: p.span(name.sp.Start), HasCount: has, Count: n, Options: opts}
}

func parseTail(p *parser, name token) ast.Command {
	n, has := p.count()
	return &ast.TailCommand{Sp: p.span(name.sp.Start), HasCount: has, Count: n}
}
