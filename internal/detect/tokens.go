package detect

import (
	"strings"

	"github.com/riskhound/riskhound/internal/content"
	"github.com/riskhound/riskhound/internal/event"
)

// substitute replaces each $field$ token in s with the row's value of field.
// Rules (ES's alert action token substitution, with riskhound's choices
// where ES is not documented):
//   - a field the row lacks becomes "" (ES leaves the token empty);
//   - a multivalue field becomes its values joined with ", ";
//   - if bind is non-empty, $bind$ becomes bindValue instead of the row's
//     value, so that each risk event of a multivalue risk object names its
//     own object;
//   - "$$" and a lone "$" (no closing "$" on the same token, or a name with
//     spaces) stay as written.
func substitute(s string, row *event.Event, bind, bindValue string) string {
	if !strings.Contains(s, "$") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '$')
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		j := strings.IndexByte(s[i+1:], '$')
		if j < 0 {
			b.WriteString(s)
			return b.String()
		}
		name := s[i+1 : i+1+j]
		if name == "" || strings.ContainsAny(name, " \t\r\n") {
			// Not a token: keep the first "$" and rescan from the second.
			b.WriteString(s[:i+1])
			s = s[i+1:]
			continue
		}
		b.WriteString(s[:i])
		if bind != "" && name == bind {
			b.WriteString(bindValue)
		} else {
			b.WriteString(joinValues(row.Get(name).Values()))
		}
		s = s[i+2+j:]
	}
}

// joinValues renders a field's values for a message: a multivalue joined
// with ", ".
func joinValues(vs []string) string { return strings.Join(vs, ", ") }

// expandTemplate expands a notable title or description: $field$ tokens
// from the row first, then %name% and %description% with the detection's
// name and description (in that order, so that a "$" inside the description
// text is never taken for a token).
func expandTemplate(s string, d *content.Detection, row *event.Event) string {
	s = substitute(s, row, "", "")
	if strings.Contains(s, "%") {
		s = strings.NewReplacer("%name%", d.Name, "%description%", d.Description).Replace(s)
	}
	return s
}
