// Package spltime is SPL's notion of time, in UTC throughout
// (spl-semantics.md §5 and §7.7): relative time modifiers such as -70m@m,
// strftime/strptime with Splunk's format variables, and spans such as the
// span=5m of bin.
//
// It depends on the standard library only, so every layer may use it.
package spltime
