package parse

import "github.com/riskhound/riskhound/internal/spl/ast"

// Commands made of options and positional arguments, each with its own
// syntax tree type. They are parsed so that the whole corpus has a syntax
// tree; whether they can run is the planner's decision.

func parseApply(p *parser, name token) ast.Command {
	opts, args := p.optionsAndFields(nil)
	if len(args) == 0 {
		p.errorExpected(p.peek(modeArg), "a model name for apply")
	}
	return &ast.ApplyCommand{Sp: p.span(name.sp.Start), Options: opts, Args: args}
}

func parseOutlier(p *parser, name token) ast.Command {
	opts, args := p.optionsAndFields(nil)
	return &ast.OutlierCommand{Sp: p.span(name.sp.Start), Options: opts, Args: args}
}

func parseAnomalydetection(p *parser, name token) ast.Command {
	opts, args := p.optionsAndFields(nil)
	return &ast.AnomalydetectionCommand{Sp: p.span(name.sp.Start), Options: opts, Args: args}
}

func parseExtract(p *parser, name token) ast.Command {
	opts, args := p.optionsAndFields(nil)
	return &ast.ExtractCommand{Sp: p.span(name.sp.Start), Options: opts, Args: args}
}

func parseMultikv(p *parser, name token) ast.Command {
	opts, args := p.optionsAndFields(nil)
	return &ast.MultikvCommand{Sp: p.span(name.sp.Start), Options: opts, Args: args}
}

func parseCyberchef(p *parser, name token) ast.Command {
	opts, args := p.optionsAndFields(nil)
	return &ast.CyberchefCommand{Sp: p.span(name.sp.Start), Options: opts, Args: args}
}

func parseFormat(p *parser, name token) ast.Command {
	opts, args := p.optionsAndFields(nil)
	return &ast.FormatCommand{Sp: p.span(name.sp.Start), Options: opts, Args: args}
}

func parseReturn(p *parser, name token) ast.Command {
	opts, args := p.optionsAndFields(nil)
	return &ast.ReturnCommand{Sp: p.span(name.sp.Start), Options: opts, Args: args}
}
