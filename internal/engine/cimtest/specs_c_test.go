package cimtest

func specsC() map[string]detSpec { return map[string]detSpec{} }
