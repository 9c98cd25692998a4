package content

import (
	"strconv"
	"strings"
	"unicode"
)

// RiskObjectType maps an observable or risk object type to ES's
// risk_object_type the way contentctl builds v4 content: User, Username and
// Email Address are "user"; Device, Endpoint, Hostname and IP Address are
// "system"; the v5 types system, user and other are themselves. ok is false
// for every other type.
func RiskObjectType(typ string) (t string, ok bool) {
	switch strings.ToLower(strings.TrimSpace(typ)) {
	case "user", "username", "email address":
		return "user", true
	case "device", "endpoint", "hostname", "ip address", "system":
		return "system", true
	case "other":
		return "other", true
	}
	return "", false
}

// ThreatObjectType maps an observable type to a threat_object_type as
// contentctl does for v4 content: Process Name and Process are "process";
// File Name, File and File Hash are "file_name"; IP Address is
// "ip_address"; URL String and URL are "url". Any other type is lower-cased
// with runs of spaces turned into "_" (contentctl keeps the space, e.g.
// "email address"; riskhound writes "email_address", the v5 spelling). v5
// threat object types are written that way already and pass through.
func ThreatObjectType(typ string) string {
	t := strings.ToLower(strings.TrimSpace(typ))
	switch t {
	case "process name", "process":
		return "process"
	case "file name", "file", "file hash":
		return "file_name"
	case "ip address":
		return "ip_address"
	case "url string", "url":
		return "url"
	}
	return strings.Join(strings.Fields(t), "_")
}

// classifyV4 decides what a v4 observable becomes, following contentctl:
// with role Victim and a user or system type, a risk object of that type;
// with role Attacker (and not such a victim), a threat object; anything else
// (a Victim Process, an observable with no recognised role) a risk object of
// type "other", scored like the others.
func classifyV4(typ string, roles []string) (threat bool, objectType string) {
	if t, ok := RiskObjectType(typ); ok && t != "other" && hasRole(roles, "Victim") {
		return false, t
	}
	if hasRole(roles, "Attacker") {
		return true, ThreatObjectType(typ)
	}
	return false, "other"
}

// FilterMacro returns the name of a detection's filter macro: the name lower
// cased, every character other than a-z and 0-9 replaced by "_", plus
// "_filter". contentctl replaces only space, "-", "." and "/" (see
// contentctlFilterMacro); the two agree on every ESCU detection name.
func FilterMacro(detectionName string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(detectionName) {
		if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	b.WriteString("_filter")
	return b.String()
}

// contentctlFilterMacro is contentctl's own filter macro name rule, which
// keeps characters such as "(" that FilterMacro replaces. Compile accepts
// both names.
func contentctlFilterMacro(detectionName string) string {
	return strings.ToLower(strings.NewReplacer(" ", "_", "-", "_", ".", "_", "/", "_").Replace(detectionName)) + "_filter"
}

// MacroKey returns the key of a macro in Content.Macros: name for no
// arguments, "name(N)" otherwise.
func MacroKey(name string, arity int) string {
	if arity == 0 {
		return name
	}
	return name + "(" + strconv.Itoa(arity) + ")"
}

func equalFold(a, b string) bool { return strings.EqualFold(a, b) }
