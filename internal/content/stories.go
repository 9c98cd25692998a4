package content

import (
	"strings"

	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/yamlnode"
)

// decodeStory reads a stories/*.yml file.
func decodeStory(f *source.File, root *yamlnode.Node) (*Story, error) {
	if root.Kind != yamlnode.Map {
		return nil, source.Errorf(source.ErrInput, f, root.Span, "story: want a mapping at the top level, got %s", yamlnode.Describe(root))
	}
	dec := &decoder{f: f}
	s := &Story{File: f, Name: strings.TrimSpace(dec.str(root, "name")), ID: dec.str(root, "id"),
		Description: dec.str(root, "description"), Narrative: dec.str(root, "narrative")}
	if s.Name == "" {
		dec.errs.Add(source.Errorf(source.ErrInput, f, root.Span, "story has no name"))
	}
	if err := dec.errs.Err(); err != nil {
		return nil, err
	}
	return s, nil
}
