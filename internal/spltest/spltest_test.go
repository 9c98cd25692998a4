package spltest

import "testing"

// TestScripts runs the conformance scripts in testdata.
func TestScripts(t *testing.T) { RunDir(t, "testdata") }
