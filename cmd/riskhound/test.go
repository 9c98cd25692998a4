package main

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/riskhound/riskhound/internal/engine"
	"github.com/riskhound/riskhound/internal/output"
)

type testOptions struct {
	content    []string
	dataRoot   string
	detections []string
	format     string
}

func newTest(s *streams) *cobra.Command {
	var o testOptions
	c := &cobra.Command{
		Use:   "test [--content DIR]... [--data-root DIR] [--detection NAME|ID]... [--format text|json|junit]",
		Short: "Replay each detection's test datasets and check that it fires, as contentctl does",
		Long: `Run the tests: block of every detection (or those named with --detection): replay
each test's attack_data datasets with their declared source and sourcetype,
run the detection over all of their time, and check what contentctl's
integration tests check against a Splunk: the detection returns results, and a
TTP or Anomaly detection raises risk events from them (a result with no value
for any risk object field fails).

Datasets are read from a local copy of splunk/attack_data given with
--data-root: a dataset URL .../attack_data/<branch>/<path> is read from
DATA-ROOT/<path>. Tests whose datasets are not on disk are skipped, naming the
path looked for.

--format text (default) prints one line per test (PASS, FAIL with the reason,
SKIP, ERROR); json one object per test; junit a JUnit XML report for CI. Exit
status 0 when no test failed or errored, 1 otherwise.`,
		Example: `  riskhound test --content ../security_content --data-root ../attack_data
  riskhound test --content ../security_content --data-root ../attack_data --detection "Linux Add User Account"
  riskhound test --content ../security_content --data-root ../attack_data --format junit > report.xml`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usageError{fmt.Errorf("test takes no arguments (did you mean --data-root %s?)", args[0])}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runTest(cmd.Context(), s, o)
		},
	}
	f := c.Flags()
	f.StringArrayVar(&o.content, "content", nil, "ESCU-style content folder (repeatable; default: built-in content)")
	f.StringVar(&o.dataRoot, "data-root", "", "local copy of splunk/attack_data that dataset URLs map into")
	f.StringArrayVar(&o.detections, "detection", nil, "test only this detection, by name or ID (repeatable)")
	f.StringVar(&o.format, "format", "text", "output format: text, json or junit")
	return c
}

func runTest(ctx context.Context, s *streams, o testOptions) error {
	if _, err := output.ParseFormat(o.format, "text", output.Format("json"), output.Format("junit")); err != nil {
		return usageError{err}
	}
	var progress func(engine.TestResult)
	if o.format == "text" {
		progress = func(r engine.TestResult) { writeTestLine(s.out, r) }
	}
	rep, err := engine.RunTests(ctx, engine.TestOptions{ContentDirs: o.content, DataRoot: o.dataRoot, Detections: o.detections, Progress: progress})
	if err != nil {
		return usageError{err}
	}
	switch o.format {
	case "json":
		enc := json.NewEncoder(s.out)
		enc.SetEscapeHTML(false)
		for _, r := range rep.Results {
			if r.Datasets == nil {
				r.Datasets = []string{}
			}
			if err := enc.Encode(r); err != nil {
				return err
			}
		}
	case "junit":
		if err := writeJUnit(s.out, rep); err != nil {
			return err
		}
	}
	fmt.Fprintf(s.err, "%d tests of %d detections: %d passed, %d failed, %d skipped, %d errors (%d detections have no tests) in %s\n",
		len(rep.Results), rep.Detections-rep.WithoutTests, rep.Pass, rep.Fail, rep.Skip, rep.Errors, rep.WithoutTests, rep.Elapsed.Round(1e6))
	if rep.Fail > 0 || rep.Errors > 0 {
		return silentExit{}
	}
	return nil
}

func writeTestLine(w io.Writer, r engine.TestResult) {
	label := map[string]string{engine.TestPass: "PASS ", engine.TestFail: "FAIL ", engine.TestSkip: "SKIP ", engine.TestErr: "ERROR"}[r.Status]
	line := fmt.Sprintf("%s  %s (%s)", label, r.Detection, r.Test)
	switch r.Status {
	case engine.TestPass:
		line += fmt.Sprintf(": %d results from %d events", r.Findings, r.Events)
	default:
		line += ": " + r.Reason
	}
	fmt.Fprintln(w, line)
}

// JUnit XML, the shape CI systems read: one testsuite, one testcase per
// detection test.
type junitSuite struct {
	XMLName  xml.Name    `xml:"testsuite"`
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Time     string      `xml:"time,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	ClassName string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitMessage `xml:"failure,omitempty"`
	Error     *junitMessage `xml:"error,omitempty"`
	Skipped   *junitMessage `xml:"skipped,omitempty"`
}

type junitMessage struct {
	Message string `xml:"message,attr"`
}

func writeJUnit(w io.Writer, rep *engine.TestReport) error {
	suite := junitSuite{Name: "riskhound detection tests", Tests: len(rep.Results), Failures: rep.Fail, Errors: rep.Errors,
		Skipped: rep.Skip, Time: fmt.Sprintf("%.3f", rep.Elapsed.Seconds())}
	for _, r := range rep.Results {
		c := junitCase{Name: r.Detection + " (" + r.Test + ")", ClassName: r.File, Time: fmt.Sprintf("%.3f", r.Elapsed.Seconds())}
		switch r.Status {
		case engine.TestFail:
			c.Failure = &junitMessage{r.Reason}
		case engine.TestErr:
			c.Error = &junitMessage{r.Reason}
		case engine.TestSkip:
			c.Skipped = &junitMessage{r.Reason}
		}
		suite.Cases = append(suite.Cases, c)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(suite); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
