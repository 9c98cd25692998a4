package lookup

import (
	"math"
	"unicode/utf8"

	"github.com/riskhound/riskhound/internal/value"
)

// ShannonTable is the name of URL Toolbox's entropy lookup: input column
// word, output column ut_shannon.
const ShannonTable = "ut_shannon_lookup"

// shannonRows answers ut_shannon_lookup: one row per value of the word
// input, holding the word and its Shannon entropy. Any other input column
// matches nothing.
func shannonRows(inputs []Input) [][]string {
	var words []string
	for _, in := range inputs {
		if in.Column != "word" {
			return nil
		}
		words = in.Values
	}
	rows := make([][]string, 0, len(words))
	for _, w := range words {
		rows = append(rows, []string{w, value.FormatNumber(Shannon(w))})
	}
	return rows
}

// Shannon returns the Shannon entropy of s in bits per character:
// -sum p(c) log2 p(c) over the distinct characters c of s, where p(c) is c's
// share of the characters. Characters are Unicode code points (invalid
// UTF-8 bytes count one each); the empty string has entropy 0.
func Shannon(s string) float64 {
	n := utf8.RuneCountInString(s)
	if n == 0 {
		return 0
	}
	// Sum in order of first appearance: map order would make the last bits
	// of the result vary between runs.
	counts := map[rune]int{}
	var order []rune
	for _, r := range s {
		if counts[r] == 0 {
			order = append(order, r)
		}
		counts[r]++
	}
	h := 0.0
	for _, r := range order {
		p := float64(counts[r]) / float64(n)
		h -= p * math.Log2(p)
	}
	return h
}
