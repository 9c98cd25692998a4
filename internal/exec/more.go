package exec

import (
	"strconv"
	"strings"

	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/ast"
)

// moreCommand compiles the commands beyond the seed set; it reports false
// for a command it does not know.
func (c *compiler) moreCommand(cmd ast.Command) (stage, bool) {
	switch cmd := cmd.(type) {
	case *ast.HeadCommand:
		return c.head(cmd), true
	case *ast.TailCommand:
		return c.tail(cmd), true
	case *ast.ReverseCommand:
		return reverseStage(), true
	case *ast.DedupCommand:
		return c.dedup(cmd), true
	case *ast.SortCommand:
		return c.sort(cmd), true
	case *ast.FillnullCommand:
		return c.fillnull(cmd), true
	case *ast.MvexpandCommand:
		return c.mvexpand(cmd), true
	case *ast.MakemvCommand:
		return c.makemv(cmd), true
	case *ast.RexCommand:
		return c.rex(cmd), true
	case *ast.RegexCommand:
		return c.regex(cmd), true
	case *ast.BinCommand:
		return c.bin(cmd), true
	case *ast.MakeresultsCommand:
		return c.makeresults(cmd), true
	case *ast.AddtotalsCommand:
		return c.addtotals(cmd), true
	case *ast.SpathCommand:
		return c.spath(cmd), true
	case *ast.XmlkvCommand:
		return c.xmlkv(cmd), true
	case *ast.FromjsonCommand:
		return c.fromjson(cmd), true
	case *ast.AppendCommand:
		return c.append(cmd), true
	case *ast.AppendpipeCommand:
		return c.appendpipe(cmd), true
	case *ast.JoinCommand:
		return c.join(cmd), true
	case *ast.TransactionCommand:
		return c.transaction(cmd), true
	case *ast.ForeachCommand:
		return c.foreach(cmd), true
	case *ast.TimechartCommand:
		return c.timechart(cmd), true
	case *ast.ReplaceCommand:
		return c.replace(cmd), true
	case *ast.MapCommand:
		return c.mapCmd(cmd), true
	case *ast.IplocationCommand:
		return c.iplocation(cmd), true
	case *ast.OutputlookupCommand:
		return c.outputlookup(cmd), true
	case *ast.LookupCommand:
		return c.lookup(cmd), true
	case *ast.InputlookupCommand:
		return c.inputlookup(cmd), true
	case *ast.ExtractCommand:
		return c.extract(cmd), true
	case *ast.MultikvCommand:
		return c.multikv(cmd), true
	case *ast.AnomalydetectionCommand:
		return c.anomalydetection(cmd), true
	case *ast.OutlierCommand:
		return c.outlier(cmd), true
	case *ast.ApplyCommand:
		// apply runs a model trained by fit: both belong to the Machine
		// Learning Toolkit app, whose models riskhound cannot load.
		c.errf(source.ErrUnsupported, cmd.Span(), "command \"apply\" needs a model of the Splunk Machine Learning Toolkit app, which riskhound does not provide")
		return nil, true
	case *ast.MstatsCommand:
		// mstats reads metric indexes; riskhound reads event logs only.
		c.errf(source.ErrUnsupported, cmd.Span(), "command \"mstats\" reads Splunk metrics indexes, which riskhound does not provide (it reads event logs)")
		return nil, true
	case *ast.CyberchefCommand:
		// A command of the CyberChef for Splunk app, not of Splunk.
		c.errf(source.ErrUnsupported, cmd.Sp, "command \"cyberchef\" needs the CyberChef for Splunk app, which riskhound does not provide")
		return nil, true
	}
	return nil, false
}

// options checks a command's options against the keys it supports
// (case-insensitive) and returns them by lower-case key, the last one
// winning.
func (c *compiler) options(cmd string, opts []*ast.Option, known ...string) (map[string]*ast.Option, bool) {
	out := map[string]*ast.Option{}
	ok := true
	for _, o := range opts {
		k := strings.ToLower(o.Key)
		found := false
		for _, kn := range known {
			if k == kn {
				found = true
				break
			}
		}
		if !found {
			c.errf(source.ErrUnsupported, o.Sp, "%s option %q is not supported", cmd, o.Key)
			ok = false
			continue
		}
		out[k] = o
	}
	return out, ok
}

func (c *compiler) intOption(o *ast.Option, def int) (int, bool) {
	if o == nil {
		return def, true
	}
	n, err := strconv.Atoi(o.Value)
	if err != nil || n < 0 {
		c.errf(source.ErrSyntax, o.Sp, "%s must be a non-negative integer", o.Key)
		return 0, false
	}
	return n, true
}

func (c *compiler) boolOption(o *ast.Option, def bool) (bool, bool) {
	if o == nil {
		return def, true
	}
	b, ok := parseBool(o.Value)
	if !ok {
		c.errf(source.ErrSyntax, o.Sp, "%s must be true or false", o.Key)
	}
	return b, ok
}
