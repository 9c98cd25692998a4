module github.com/riskhound/riskhound

go 1.26

require (
	github.com/coregx/ahocorasick v0.2.1 // reason: literal prefilter of hunt routing (one automaton per field over every search's required literals); fastest build and scan measured (DESIGN.md), reports all overlapping matches
	github.com/dlclark/regexp2 v1.12.0 // reason: PCRE features RE2 lacks (lookaround, backreferences, possessive) in eval match/replace, rex and regex, with a match timeout
	github.com/goccy/go-yaml v1.19.2 // reason: content YAML with line:col positions, scalars kept as written (DESIGN.md)
	www.velocidex.com/golang/evtx v0.2.1-0.20240730174545-3e4ff3d96433 // reason: test-only oracle (record counts, string values) for internal/readers/evtx corpus tests
)

require (
	github.com/maxmind/mmdbwriter v1.0.0 // reason: test-only, builds a tiny MaxMind DB fixture for internal/geoip
	github.com/oschwald/maxminddb-golang v1.12.0 // reason: reads local MaxMind City databases for iplocation (--geoip); the maintained reader of the format
	github.com/spf13/cobra v1.10.2 // reason: conventional CLI with subcommands and -h everywhere (DESIGN.md)
)

require (
	github.com/Velocidex/json v0.0.0-20220224052537-92f3c0326e5a // indirect
	github.com/Velocidex/ordereddict v0.0.0-20230909174157-2aa49cc5d11d // indirect
	github.com/Velocidex/pkcs7 v0.0.0-20230220112103-d4ed02e1862a // indirect
	github.com/Velocidex/yaml/v2 v2.2.8 // indirect
	github.com/davecgh/go-spew v1.1.1 // indirect
	github.com/hashicorp/golang-lru v1.0.2 // indirect
	github.com/inconshreveable/mousetrap v1.1.0 // indirect
	github.com/pkg/errors v0.9.1 // indirect
	github.com/spf13/pflag v1.0.9 // indirect
	go4.org/netipx v0.0.0-20220812043211-3cc044ffd68d // indirect
	golang.org/x/sys v0.22.0 // indirect
	golang.org/x/text v0.16.0 // indirect
	www.velocidex.com/golang/binparsergen v0.1.1-0.20240404114946-8f66c7cf586e // indirect
	www.velocidex.com/golang/go-pe v0.1.1-0.20230228112150-ef2eadf34bc3 // indirect
)
