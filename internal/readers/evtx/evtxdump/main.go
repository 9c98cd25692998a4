// Command evtxdump prints the Splunk-style XML rendering (_raw) of every
// record of EVTX files, or with -fields every field, or with -count only the
// number of records and the decoding rate. It is a development and
// benchmarking aid for package evtx; the product CLI is `riskhound events`.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"os"
	"runtime/pprof"
	"time"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/readers/evtx"
)

func main() {
	fields := flag.Bool("fields", false, "print every field instead of _raw")
	count := flag.Bool("count", false, "print only record counts and records/s")
	workers := flag.Int("workers", 0, "chunks decoded at once (0: GOMAXPROCS)")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile to this file")
	flag.Parse()
	if *cpuprofile != "" {
		pf, err := os.Create(*cpuprofile)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		pprof.StartCPUProfile(pf)
		defer pprof.StopCPUProfile()
	}
	w := bufio.NewWriterSize(os.Stdout, 1<<16)
	defer w.Flush()
	total, start := 0, time.Now()
	for _, name := range flag.Args() {
		f, err := os.Open(name)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			continue
		}
		st, _ := f.Stat()
		err = evtx.ReadWithOptions(context.Background(), name, f, st.Size(), evtx.Options{Workers: *workers},
			func(e *event.Event) error {
				total++
				switch {
				case *count:
				case *fields:
					for _, fl := range e.Fields {
						if fl.Name != event.Raw {
							fmt.Fprintf(w, "%s=%s\n", fl.Name, fl.Value)
						}
					}
					fmt.Fprintln(w)
				default:
					fmt.Fprintln(w, e.Get(event.Raw).Text())
				}
				return nil
			},
			func(p event.Problem) { fmt.Fprintln(os.Stderr, "problem:", p) })
		f.Close()
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
		}
	}
	if *count {
		d := time.Since(start)
		fmt.Fprintf(w, "%d records in %v: %.0f records/s\n", total, d, float64(total)/d.Seconds())
	}
}
