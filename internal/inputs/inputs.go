// Package inputs turns user-given paths into events: it walks folders, opens
// .zip and .gz archives, detects each file's format from its content (EVTX
// magic, XmlWinEventLog text, JSON) and hands it to the matching reader.
//
// Files are read one after another in lexical order (archive members in
// archive order), so events reach emit from one goroutine, in file order and,
// within a file, in input order.
package inputs

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/value"
)

// Stats counts what Read saw.
type Stats struct {
	Files    int   // files (and archive members) read
	Skipped  int   // files skipped as unknown format or unreadable (each reported)
	Events   int64 // events emitted
	Problems int   // problems reported
	Bytes    int64 // input bytes read (after decompression and transcoding; EVTX: file size)
}

// Options tunes Read.
type Options struct {
	// Progress, when set, is called after each file (and archive member) is
	// read or skipped, with the running totals.
	Progress func(Stats)
	// Meta, when it has an entry for a path given to Read, sets source and
	// sourcetype (the non-empty ones) of every event read from that path, as
	// a Splunk oneshot upload with -source and -sourcetype does (replaying
	// a contentctl test's attack_data).
	Meta map[string]event.SourceNames
}

// Read reads every path (file or folder, walked recursively in lexical order)
// and calls emit for each event, from one goroutine at a time. Problems (bad
// records, unknown formats, unreadable files) go to report and never stop the
// run. It returns an error only for a cancelled context, an emit error, or
// when a path does not exist.
func Read(ctx context.Context, paths []string, opts Options, emit event.Emit, report event.Report) (Stats, error) {
	// Check every path first, so that a typo fails before any output.
	for _, p := range paths {
		if _, err := os.Stat(p); errors.Is(err, fs.ErrNotExist) {
			return Stats{}, &source.Diagnostic{Class: source.ErrInput, Msg: fmt.Sprintf("%s: no such file or directory", p)}
		}
	}
	r := &run{ctx: ctx, opts: opts, emit: emit, report: report}
	for _, p := range paths {
		r.meta = opts.Meta[p]
		if err := r.path(p); err != nil {
			return r.stats, err
		}
	}
	return r.stats, nil
}

// run is the state of one Read call.
type run struct {
	ctx     context.Context
	opts    Options
	emit    event.Emit
	report  event.Report
	stats   Stats
	emitErr error             // the error emit returned, which stops the run
	meta    event.SourceNames // overrides for the path being read
}

// fatal returns the error that must stop the run, if any: a cancelled
// context or an emit error. Everything else is a reported problem.
func (r *run) fatal(err error) error {
	switch {
	case r.emitErr != nil:
		return r.emitErr
	case r.ctx.Err() != nil:
		return r.ctx.Err()
	case err != nil && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)):
		return err
	}
	return nil
}

// emitEvent is the emit given to readers: it counts and remembers the error.
func (r *run) emitEvent(e *event.Event) error {
	r.stats.Events++
	if r.meta.Source != "" {
		e.Set(event.Source, value.Str(r.meta.Source))
	}
	if r.meta.Sourcetype != "" {
		e.Set(event.Sourcetype, value.Str(r.meta.Sourcetype))
	}
	if err := r.emit(e); err != nil {
		r.emitErr = err
		return err
	}
	return nil
}

// problem is the report given to readers: it counts.
func (r *run) problem(p event.Problem) {
	r.stats.Problems++
	r.report(p)
}

// skip reports a file that was not read.
func (r *run) skip(name string, err error) {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err // the problem already names the file
	}
	r.stats.Skipped++
	r.problem(event.Problem{Path: name, Err: err})
	r.progress()
}

func (r *run) progress() {
	if r.opts.Progress != nil {
		r.opts.Progress(r.stats)
	}
}

// path reads one user-given path, a file or a folder.
func (r *run) path(p string) error {
	fi, err := os.Stat(p)
	if err != nil {
		r.skip(p, err)
		return nil
	}
	if !fi.IsDir() {
		return r.file(p)
	}
	root := p
	if li, err := os.Lstat(p); err == nil && li.Mode()&fs.ModeSymlink != 0 {
		if resolved, err := filepath.EvalSymlinks(p); err == nil {
			root = resolved
		}
	}
	return filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			r.skip(path, err)
			if d != nil && d.IsDir() && path != root {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			fi, err := os.Stat(path)
			switch {
			case err != nil:
				r.skip(path, err)
				return nil
			case fi.IsDir():
				r.skip(path, errors.New("symbolic link to a folder not followed"))
				return nil
			}
		} else if !d.Type().IsRegular() {
			return nil // devices, sockets, pipes
		}
		return r.file(path)
	})
}
