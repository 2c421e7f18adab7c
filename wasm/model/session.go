// Package model is the explorer page's view model: it keeps one incremental
// emitter alive across edits, turns what dwarfcore, dwarfcore/explain and
// linkcore return into the HTML fragments the web/ components show, and
// tracks which views changed so the page redraws only those.
//
// It has no dependency on the browser, so it runs (and is tested and
// benchmarked) natively as well as compiled to WebAssembly.
package model

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
	"github.com/dwarfscope/dwarfscope/dwarfcore/annotate"
	"github.com/dwarfscope/dwarfscope/dwarfcore/dwarfread"
	"github.com/dwarfscope/dwarfscope/dwarfcore/lang"
	"github.com/dwarfscope/dwarfscope/internal/buildopts"
	"github.com/dwarfscope/dwarfscope/linkcore"
)

// Options are the page's build options, with the names and values of the
// command line and the export API (see internal/buildopts).
type Options struct {
	Format  string // "32" or "64"
	Target  string // target.Names()
	Lines   string // "plain" or "incremental"
	Profile string // "zig" or "portable"
	// Container is the object file format: "elf", "macho" or "wasm".
	Container string
}

// DefaultOptions are the command line's defaults.
func DefaultOptions() Options {
	o := Options{}
	for _, opt := range buildopts.All {
		o.set(opt.Name, opt.Default)
	}
	return o
}

// optionNames are the buildopts names of the page's options, in the
// order of Options' fields: the order the state text, the export query and
// fields list them in.
var optionNames = [...]string{"format", "target", "lines", "profile", "container"}

// fields returns the options in optionNames' order.
func (o *Options) fields() [len(optionNames)]*string {
	return [...]*string{&o.Format, &o.Target, &o.Lines, &o.Profile, &o.Container}
}

// set sets the option called name; other names are not the page's.
func (o *Options) set(name, v string) {
	if i := slices.Index(optionNames[:], name); i >= 0 {
		*o.fields()[i] = v
	}
}

// Values returns the options as buildopts names → values.
func (o Options) Values() map[string]string {
	m := map[string]string{"kind": "obj"}
	for i, f := range o.fields() {
		m[optionNames[i]] = *f
	}
	return m
}

// Query returns the export API's query string for the options and a file name.
func (o Options) Query(name string) string {
	var q strings.Builder
	q.WriteString("kind=obj")
	for i, f := range o.fields() {
		fmt.Fprintf(&q, "&%s=%s", optionNames[i], *f)
	}
	fmt.Fprintf(&q, "&name=%s", name)
	return q.String()
}

// Build is one successful update of the page's incremental build: the
// program, its code, the debug output with its annotated map, the object
// and the file image the update patched (linkcore.Incremental).
type Build struct {
	Program *lang.Program
	Code    *linkcore.Code
	Out     *dwarfcore.Output
	// Ann is Out's annotated map, decoded as the views ask for it.
	Ann    *annotate.Annotation
	Object *linkcore.Object
	// File is the incremental file image's map. File.Bytes is the image
	// itself: it is patched in place by the next update, so views read it
	// only while this build is the session's Good one.
	File *linkcore.File
	// Container is the file's format ("elf", "macho", "wasm"); Regions
	// is the file's layout for Mach-O and WebAssembly (the ELF map is
	// drawn from File's sections).
	Container string
	Regions   []FileRegion
	// Step is what the update did to the file image (section writes and
	// moves) and to the DWARF sections (Step.Debug: writes, entry moves,
	// the per-entry Edits).
	Step *linkcore.Step
	// Log is the update's log in sentences, with the ranges it touched.
	Log *EditLog
	// index finds leaves and entries by offset; built on first use.
	index [dwarfcore.NumSections]*sectionIndex
	// entryByLine maps a declaration's line to its .debug_info entry
	// (made on first use: the editor's caret selecting an entry).
	entryByLine map[int]*dwarfread.Span
	// Rev is a revision number of each section's bytes: it changes only
	// when the bytes do, so a view depending on a section redraws only
	// then. FileRev is the same for the file image; NamesRev for the
	// declarations' names (which label the map).
	Rev      [dwarfcore.NumSections]uint64
	FileRev  uint64
	NamesRev uint64
	names    uint64
}

// idx returns section sec's index, building it on first use (nil when
// the section has no annotated map).
func (b *Build) idx(sec dwarfcore.SectionID) *sectionIndex {
	if int(sec) >= len(b.index) || b.Ann == nil {
		return nil
	}
	if b.index[sec] == nil {
		b.index[sec] = newSectionIndex(sec, b.Ann)
	}
	return b.index[sec]
}

// Session is the page's state: the source, the options and the long-lived
// incremental build (one file image, in the options' container, and one
// DWARF emitter across edits).
type Session struct {
	Name   string
	Source string
	Opts   Options
	// Good is the last successful build; it stays while Source has errors.
	Good *Build
	// Errors are the current source's errors (nil when it compiles).
	Errors lang.ErrorList
	// Fatal is a failure that is not a source error (nil normally).
	Fatal error
	// Updates counts the updates of the current incremental build.
	Updates int
	// Version numbers Source's texts: every Edit gives it a new value
	// (App.EditRange names the version its range applies to).
	Version int

	inc   incremental
	lopts linkcore.Options
	rev   uint64
}

// NewSession returns a session for name with the default options.
func NewSession(name string) *Session {
	return &Session{Name: name, Opts: DefaultOptions()}
}

// SetOptions switches options; the incremental build starts afresh at the
// next Edit.
func (s *Session) SetOptions(o Options) error {
	lo, err := buildopts.Parse(o.Values())
	if err != nil {
		return err
	}
	s.Opts = o
	s.lopts = lo
	s.inc = nil
	return nil
}

// Image returns the incremental build's current file image (what the
// page shows: ELF, Mach-O or WebAssembly), or nil before the first build. It is valid until the next
// Edit.
func (s *Session) Image() []byte {
	if s.inc == nil || s.Good == nil {
		return nil
	}
	return s.inc.Image()
}

// Edit updates the incremental build with src. It returns true when a new
// build replaced Good; source errors leave Good (and the image) as they
// were and are in Errors.
func (s *Session) Edit(src string) bool {
	s.Source = src
	s.Version++
	s.Fatal = nil
	if s.lopts.Debug.Arch == nil {
		if err := s.SetOptions(s.Opts); err != nil {
			s.Fatal = err
			return false
		}
	}
	var prev *Build
	if s.inc == nil {
		lo := s.lopts
		lo.Kind = linkcore.KindObject
		inc, err := newIncremental(s.Opts.Container, lo)
		if err != nil {
			s.Fatal = err
			return false
		}
		s.inc = inc
		s.Updates = 0
	} else {
		prev = s.Good
	}
	step, err := s.inc.update(s.Name, []byte(src))
	if err != nil {
		var list lang.ErrorList
		if errors.As(err, &list) {
			s.Errors = list
			return false
		}
		// Anything but a source error leaves the build unusable.
		s.inc = nil
		s.Errors = nil
		s.Fatal = err
		return false
	}
	s.Errors = nil
	s.Updates++
	last := s.inc.Last()
	// The map is decoded on demand: only what the views show.
	ann, err := annotate.New(last.Debug, s.inc.Dwarf().Layout())
	if err != nil {
		s.inc = nil
		s.Errors = nil
		s.Fatal = err
		return false
	}
	regions, err := s.inc.regions()
	if err != nil {
		s.inc = nil
		s.Errors = nil
		s.Fatal = err
		return false
	}
	b := &Build{Program: last.Program, Code: last.Code, Out: last.Debug, Ann: ann, Object: last.Object, File: s.inc.file(), Step: step,
		Container: s.Opts.Container, Regions: regions}
	s.revise(prev, b)
	b.Log = newEditLog(prev, b, step, s.Updates == 1)
	s.Good = b
	return true
}

// namesHash is the FNV-1a hash of the declarations' names (each followed
// by a NUL), without an allocation per name.
func namesHash(decls []*lang.Decl) uint64 {
	const prime = 1099511628211
	h := uint64(14695981039346656037)
	for _, d := range decls {
		for i := 0; i < len(d.FQN); i++ {
			h ^= uint64(d.FQN[i])
			h *= prime
		}
		h *= prime // the NUL
	}
	return h
}

// revise numbers b's section revisions: a section keeps prev's revision
// when its bytes are equal.
func (s *Session) revise(prev *Build, b *Build) {
	next := func() uint64 { s.rev++; return s.rev }
	for i := range b.Rev {
		if prev != nil && bytes.Equal(prev.Out.Sections[i], b.Out.Sections[i]) {
			b.Rev[i] = prev.Rev[i]
		} else {
			b.Rev[i] = next()
		}
	}
	if prev != nil && b.Step.BytesWritten == 0 {
		b.FileRev = prev.FileRev
	} else {
		b.FileRev = next()
	}
	b.names = namesHash(b.Program.Decls)
	if prev != nil && prev.names == b.names {
		b.NamesRev = prev.NamesRev
	} else {
		b.NamesRev = next()
	}
}

// OptionOverride says why option name has no effect under the session's
// other options, or "" when it applies: the WebAssembly container builds
// for its own target (linkcore.ContainerArch), so the target menu is
// disabled there instead of offering a choice the build ignores.
func (s *Session) OptionOverride(name string) string {
	if name != "target" {
		return ""
	}
	lo, err := buildopts.Parse(s.Opts.Values())
	if err != nil {
		return ""
	}
	if a := linkcore.ContainerArch(lo.Container); a != nil {
		return "this container builds for " + a.Name + " whatever the target says"
	}
	return ""
}
