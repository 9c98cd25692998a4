module github.com/riskhound/riskhound

go 1.26
