// Package datamodel emulates Splunk CIM data models for tstats: it derives
// data-model rows (Processes.process_name, Registry.registry_path, ...) from
// raw Windows events, the way the Splunk add-ons (field extraction,
// eventtypes, tags) and Splunk_SA_CIM (dataset constraints, calculated
// fields) do it together. The reference is cim-mappings.md (Part A models,
// Part B source mappings) and spl-semantics.md §8.4-8.6 (tstats).
//
// # Definitions are data
//
// Models and source mappings are YAML files: builtin/models/*.yaml and
// builtin/mappings/*.yaml are embedded (Builtin), and Registry.Load adds or
// replaces definitions from a folder. Errors are *source.Diagnostic at
// file:line:col.
//
// A model file:
//
//	model: Endpoint
//	version: "..."
//	datasets:
//	  - name: Processes               # a root (no parent)
//	    constraint: {tags: [process, report]}
//	    fields:
//	      - {name: dest, fill: unknown}
//	      - {name: process_integrity_level, lower: true}
//	      - {name: process_name, calc: {process_name: process}, fill: unknown}
//	  - name: Failed_Authentication    # a child: parent's constraint and fields too
//	    parent: Authentication
//	    constraint: {where: [{field: action, in: [failure]}]}
//
// A constraint holds when the event row carries all `tags`, one of
// `any_tags`, every `where` condition, and not all `unless` conditions
// (NOT (a AND b)). Conditions are {field, in: [patterns]} or {field, not_in:
// [...]}, compared like search: case-insensitive with `*` wildcards; a null
// field matches nothing. Model field keys: name, type, multivalue, note,
// empty (values that count as empty besides ""), calc (an operation run when
// the field is empty; with override: true always), numeric (keep only
// numeric text), lower, fill (the value when still empty: "unknown" is the
// CIM fillnull-unknown). A dataset's fields are calculated in file order,
// each seeing the results of those above it.
//
// A mapping file (one per source):
//
//	mapping: sysmon
//	version: "..."
//	sources: [XmlWinEventLog:Microsoft-Windows-Sysmon/Operational]   # or indexes: [risk]
//	common:                      # entries for every event of the source
//	  - {field: dest, copy: Computer}
//	events:
//	  - codes: ["1"]             # EventCode values; "*" for any
//	    tags: [process, report]  # decide the datasets (eventtype -> tags)
//	    quirk: true              # a Splunk-quirk row; Options.SkipQuirks drops it
//	    omit: [process_guid]     # common entries not to run
//	    requires: [file_path]    # no rows unless these CIM fields are set
//	    unless: {field: action, in: [error]}   # no rows when this holds
//	    fields:
//	      - {field: process_name, basename: Image}
//	      - {field: user, copy: TargetUserName, ignore: ["-"]}
//	      - {field: protocol, copy: DestinationPortName, when: {field: Initiated, in: ["true"]}}
//
// An event's own entries run first, then the common ones; the first entry
// yielding a non-empty value sets a field (Splunk's first-match REPORT), so
// several entries for one field form a fallback chain. `when` conditions and
// operation arguments name raw event fields; `ignore` lists input values
// that count as missing; `note` and `inferred: true` document an entry
// (inferred = tagged [E]/[T] in the spec). An event with no tags yields no
// rows (the table documents that it maps to no dataset).
//
// Operations (arguments are field names unless said otherwise):
//
//	copy: F                 the value
//	const: text             a constant
//	basename: F             text after the last \ or /
//	dirname: F              text before the last \ (null without one)
//	strip_domain: F         text after the last \ (DOMAIN\user -> user)
//	lower: F                lower-cased
//	coalesce: [F1, F2]      the first present
//	concat: {fields: [F1, F2], sep: text}   joined; null if any is missing
//	map: {from: F, values: {in: out}, default: text}   case-insensitive lookup
//	regex: {from: F, pattern: re, keep: bool}   group 1 (or the match); keep: the input when no match
//	prefix: {from: F, prefixes: {p: repl}, rest: bool, keep: bool}   case-insensitive prefix table
//	split: {from: F, sep: text}             multivalue of the trimmed parts
//	command_line: {command: F, image: F}    Windows 4688 `process` (cim-mappings.md §3.2)
//	dns_answers: F          Sysmon 22 QueryResults -> multivalue answers
//	process_name: F         CIM process_name fallback from a command line (§2.0)
//	vendor_product: {}      CIM vendor_product rules 2-5 from vendor, product, sourcetype
//	mvcount: F, length: F, numeric: F, sum: [A, B], diff: [A, B]
//
// Operations apply to each value of a multivalue. Regexes compile at load.
//
// # Deriving rows
//
// A Deriver maps an event to its table by source (case-insensitive; from
// Channel when source is absent) or index, picks the EventCode row, runs the
// entries into a CIM record, and for each root dataset whose tags match
// applies the model's calculated fields and constraint. The result is one
// Row per root dataset: an event with the base fields (_time, host, source,
// sourcetype, index), "<prefix>.tag", and prefixed model fields of the root
// and of each member child (child fields carry the full path,
// "All_Changes.Account_Management.src_user"). Row.In / Dataset.Contains
// answer nodename membership. Deriver.Row caches the last event's rows so
// every detection reading the same event shares one derivation.
package datamodel
