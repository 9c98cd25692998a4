package content

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/macro"
	"github.com/riskhound/riskhound/internal/yamlnode"
)

// Load reads each content folder in order (later folders override earlier
// definitions of the same macro, lookup, story or detection name). It returns an
// error only when a folder cannot be read at all.
//
// A folder is either laid out like splunk/security_content (any of
// detections/, macros/, lookups/, stories/; detections/ is walked
// recursively, deprecated/ included, each detection keeping its Status) or
// holds YAML files directly, each classified by its keys (search: detection,
// definition: macro, narrative: story, filename or collection: lookup). A
// path may also name a single YAML file. After all folders, the CIM helper
// macros riskhound builds in (drop_dm_object_name(1), ...) are added where
// the content does not define them.
func Load(ctx context.Context, dirs ...string) (*Content, error) {
	c := newContent()
	for _, dir := range dirs {
		st, err := os.Stat(dir)
		if err != nil {
			return nil, fmt.Errorf("content: %w: %w", source.ErrInput, err)
		}
		if !st.IsDir() {
			parent := filepath.Dir(dir)
			l := &loader{c: c, fsys: os.DirFS(parent), prefix: parent}
			if err := l.file(ctx, filepath.Base(dir), kindAuto, l.parse(filepath.Base(dir))); err != nil {
				return nil, err
			}
			continue
		}
		l := &loader{c: c, fsys: os.DirFS(dir), prefix: dir}
		if err := l.tree(ctx); err != nil {
			return nil, err
		}
	}
	if err := addHelpers(ctx, c); err != nil {
		return nil, err
	}
	return c, nil
}

func newContent() *Content {
	return &Content{Macros: make(map[string]*macro.Definition), Lookups: make(map[string]*Lookup)}
}

// fileKind says what a YAML file holds.
type fileKind uint8

const (
	kindAuto fileKind = iota
	kindDetection
	kindMacro
	kindLookup
	kindStory
)

// loader loads one folder (an fs.FS, so the embedded built-in content goes
// through the same code) into c.
type loader struct {
	c      *Content
	fsys   fs.FS
	prefix string // prepended to paths in file names shown to users
	// byName indexes c.Detections by lower-cased name for overriding.
	byName map[string]int
}

func (l *loader) display(p string) string {
	if l.prefix == "" {
		return p
	}
	return filepath.Join(l.prefix, filepath.FromSlash(p))
}

var layoutDirs = []struct {
	dir  string
	kind fileKind
}{{"macros", kindMacro}, {"lookups", kindLookup}, {"stories", kindStory}, {"detections", kindDetection}}

func (l *loader) tree(ctx context.Context) error {
	structured := false
	for _, ld := range layoutDirs {
		if st, err := fs.Stat(l.fsys, ld.dir); err == nil && st.IsDir() {
			structured = true
		}
	}
	if !structured {
		if _, err := fs.ReadDir(l.fsys, "."); err != nil {
			return fmt.Errorf("content: %w: %w", source.ErrInput, err)
		}
		return l.walk(ctx, ".", kindAuto)
	}
	for _, ld := range layoutDirs {
		if st, err := fs.Stat(l.fsys, ld.dir); err != nil || !st.IsDir() {
			continue
		}
		if err := l.walk(ctx, ld.dir, ld.kind); err != nil {
			return err
		}
		if ld.kind == kindLookup {
			l.bareCSVs(ld.dir)
		}
	}
	return nil
}

// walk loads every .yml/.yaml file under dir, in lexical order. Reading and
// YAML parsing, most of the cost, run on parseWorkers goroutines; decoding
// and adding to the content stay sequential and in order, so the result
// and its problems are the same as a sequential load.
func (l *loader) walk(ctx context.Context, dir string, kind fileKind) error {
	var paths []string
	err := fs.WalkDir(l.fsys, dir, func(p string, de fs.DirEntry, err error) error {
		if err != nil {
			if p == dir {
				return fmt.Errorf("content: %w: %w", source.ErrInput, err)
			}
			// Flush what precedes the problem first, to keep the order.
			if err := l.files(ctx, paths, kind); err != nil {
				return err
			}
			paths = paths[:0]
			l.c.Problems.Add(source.Errorf(source.ErrInput, nil, source.Span{}, "%s: %v", l.display(p), err))
			return nil
		}
		if de.IsDir() || !isYAML(p) {
			return nil
		}
		paths = append(paths, p)
		return nil
	})
	if err != nil {
		return err
	}
	return l.files(ctx, paths, kind)
}

// parseWorkers bounds the goroutines that read and parse content files.
const parseWorkers = 4

// parsed is one content file read and parsed (see file).
type parsed struct {
	f       *source.File
	root    *yamlnode.Node
	readErr error
	yamlErr error
}

// files loads the files at paths in order, reading and parsing them in
// parallel first.
func (l *loader) files(ctx context.Context, paths []string, kind fileKind) error {
	out := make([]parsed, len(paths))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(parseWorkers, len(paths)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				out[i] = l.parse(paths[i])
			}
		}()
	}
	for i := range paths {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	for i, p := range paths {
		if err := l.file(ctx, p, kind, out[i]); err != nil {
			return err
		}
	}
	return nil
}

// parse reads and parses the YAML file at p; it only reads l.
func (l *loader) parse(p string) parsed {
	data, err := fs.ReadFile(l.fsys, p)
	if err != nil {
		return parsed{readErr: err}
	}
	f := source.NewFile(l.display(p), string(data))
	root, err := yamlnode.Parse(f)
	return parsed{f: f, root: root, yamlErr: err}
}

func isYAML(p string) bool {
	ext := strings.ToLower(path.Ext(p))
	return ext == ".yml" || ext == ".yaml"
}

// file loads one YAML file. Only cancellation is returned; every problem
// with the file goes to c.Problems.
func (l *loader) file(ctx context.Context, p string, kind fileKind, pf parsed) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if pf.readErr != nil {
		l.c.Problems.Add(source.Errorf(source.ErrInput, nil, source.Span{}, "%s: %v", l.display(p), pf.readErr))
		return nil
	}
	f, root := pf.f, pf.root
	if pf.yamlErr != nil {
		l.problem(pf.yamlErr)
		return nil
	}
	if kind == kindAuto {
		kind = classify(root)
		if kind == kindAuto {
			l.c.Problems.Add(source.Errorf(source.ErrInput, f, root.Span, "not a detection, macro, lookup or story (no search, definition, narrative, filename or collection key)"))
			return nil
		}
	}
	switch kind {
	case kindDetection:
		d, err := decodeDetection(f, root)
		if err != nil {
			l.problem(err)
		}
		if d != nil {
			l.addDetection(d)
		}
	case kindMacro:
		m, err := decodeMacro(f, root)
		if err != nil {
			l.problem(err)
			return nil
		}
		l.c.Macros[MacroKey(m.Name, len(m.Args))] = m
	case kindStory:
		s, err := decodeStory(f, root)
		if err != nil {
			l.problem(err)
			return nil
		}
		l.addStory(s)
	case kindLookup:
		lk, err := decodeLookup(f, root)
		if err != nil {
			l.problem(err)
			return nil
		}
		if lk.Filename != "" {
			csvPath := path.Join(path.Dir(p), lk.Filename)
			lk.display = l.display(csvPath)
			if st, err := fs.Stat(l.fsys, csvPath); err == nil && !st.IsDir() {
				lk.fsys, lk.path = l.fsys, csvPath
			}
		}
		l.c.Lookups[lk.Name] = lk
	}
	return nil
}

// bareCSVs registers CSV files in dir that no definition names, under their
// file name, so `inputlookup foo.csv` finds them.
func (l *loader) bareCSVs(dir string) {
	named := make(map[string]bool)
	for _, lk := range l.c.Lookups {
		named[lk.Filename] = true
	}
	entries, err := fs.ReadDir(l.fsys, dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || !strings.EqualFold(path.Ext(n), ".csv") || named[n] {
			continue
		}
		if _, dup := l.c.Lookups[n]; dup {
			continue
		}
		p := path.Join(dir, n)
		l.c.Lookups[n] = &Lookup{Name: n, Filename: n, fsys: l.fsys, path: p, display: l.display(p)}
	}
}

// classify guesses what a YAML file in a flat folder holds from its keys.
func classify(root *yamlnode.Node) fileKind {
	switch {
	case root.Get("search") != nil:
		return kindDetection
	case root.Get("definition") != nil:
		return kindMacro
	case root.Get("narrative") != nil:
		return kindStory
	case root.Get("filename") != nil || root.Get("collection") != nil:
		return kindLookup
	}
	return kindAuto
}

func (l *loader) problem(err error) { l.c.problem(err) }

// problem records err, a *source.Diagnostic or source.List, in c.Problems.
func (c *Content) problem(err error) { c.AddProblem(err) }

// AddProblem records a content file that failed to load (a *source.Diagnostic,
// a source.List, or any other error), for content read outside Load (Sigma
// rules).
func (c *Content) AddProblem(err error) {
	var list source.List
	var d *source.Diagnostic
	switch {
	case errors.As(err, &list):
		c.Problems = append(c.Problems, list...)
	case errors.As(err, &d):
		c.Problems.Add(d)
	default:
		c.Problems.Add(source.Errorf(source.ErrInput, nil, source.Span{}, "%v", err))
	}
}

// addDetection appends d, or replaces an earlier detection of the same name
// (case-insensitively): later folders override earlier ones.
func (l *loader) addDetection(d *Detection) {
	if l.byName == nil {
		l.byName = make(map[string]int, len(l.c.Detections))
		for i, e := range l.c.Detections {
			l.byName[strings.ToLower(e.Name)] = i
		}
	}
	key := strings.ToLower(d.Name)
	if i, ok := l.byName[key]; ok {
		l.c.Detections[i] = d
		return
	}
	l.byName[key] = len(l.c.Detections)
	l.c.Detections = append(l.c.Detections, d)
}

// addStory appends s, or replaces an earlier story of the same name.
func (l *loader) addStory(s *Story) {
	for i, e := range l.c.Stories {
		if e.Name == s.Name {
			l.c.Stories[i] = s
			return
		}
	}
	l.c.Stories = append(l.c.Stories, s)
}

// sortedKeys returns m's keys in order, for deterministic iteration.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
