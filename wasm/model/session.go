// Package model is the explorer page's view model: it keeps one incremental
// emitter alive across edits, turns what dwarfcore, dwarfcore/explain and
// linkcore return into the HTML fragments the web/ components show, and
// tracks which views changed so the page redraws only those.
//
// It has no dependency on the browser, so it runs (and is tested and
// benchmarked) natively as well as compiled to WebAssembly.
package model

import (
	"errors"
	"fmt"
	"hash/fnv"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
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
}

// DefaultOptions are the command line's defaults.
func DefaultOptions() Options {
	o := Options{}
	for _, opt := range buildopts.All {
		o.set(opt.Name, opt.Default)
	}
	return o
}

func (o *Options) set(name, v string) {
	switch name {
	case "format":
		o.Format = v
	case "target":
		o.Target = v
	case "lines":
		o.Lines = v
	case "profile":
		o.Profile = v
	}
}

// Values returns the options as buildopts names → values.
func (o Options) Values() map[string]string {
	return map[string]string{"kind": "obj", "format": o.Format, "target": o.Target, "lines": o.Lines, "profile": o.Profile}
}

// Query returns the export API's query string for the options and a file name.
func (o Options) Query(name string) string {
	return fmt.Sprintf("kind=obj&format=%s&target=%s&lines=%s&profile=%s&name=%s", o.Format, o.Target, o.Lines, o.Profile, name)
}

// Build is one successful build of the page's source.
type Build struct {
	Program *lang.Program
	Code    *linkcore.Code
	Out     *dwarfcore.Output
	Object  *linkcore.Object
	File    *linkcore.File
	// Log is what the incremental update wrote, turned into sentences.
	Log *EditLog
	// index finds leaves and entries by offset.
	index [dwarfcore.NumSections]*sectionIndex
	// Hash is a hash of each section's bytes; the page redraws a view
	// when the hashes it depends on change.
	Hash     [dwarfcore.NumSections]uint64
	FileHash uint64
}

// Session is the page's state: the source, the options and the long-lived
// incremental emitter.
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
	// Updates counts the incremental updates of the current emitter.
	Updates int

	dwarf *dwarfcore.Dwarf
	lopts linkcore.Options
}

// NewSession returns a session for name with the default options.
func NewSession(name string) *Session {
	return &Session{Name: name, Opts: DefaultOptions()}
}

// SetOptions switches options; the emitter starts afresh at the next Edit.
func (s *Session) SetOptions(o Options) error {
	lo, err := buildopts.Parse(o.Values())
	if err != nil {
		return err
	}
	s.Opts = o
	s.lopts = lo
	s.dwarf = nil
	return nil
}

// Edit compiles src and updates the emitter with it. It returns true when
// a new build replaced Good; source errors leave Good as it was and are in
// Errors.
func (s *Session) Edit(src string) bool {
	s.Source = src
	s.Fatal = nil
	if s.lopts.Debug.Arch == nil {
		if err := s.SetOptions(s.Opts); err != nil {
			s.Fatal = err
			return false
		}
	}
	dopts := s.lopts.Debug
	dopts.Annotate = true
	prog, err := lang.Compile(s.Name, []byte(src), dopts.Arch)
	if err != nil {
		var list lang.ErrorList
		if errors.As(err, &list) {
			s.Errors = list
		} else {
			s.Errors = lang.ErrorList{{File: s.Name, Line: 1, Col: 1, Msg: err.Error()}}
		}
		return false
	}
	s.Errors = nil
	code, err := linkcore.CodeGen(prog, dopts.Arch)
	if err != nil {
		s.Fatal = err
		return false
	}
	var prev *Build
	if s.dwarf == nil {
		d, err := dwarfcore.New(dopts)
		if err != nil {
			s.Fatal = err
			return false
		}
		s.dwarf = d
		s.Updates = 0
	} else {
		prev = s.Good
	}
	if err := s.dwarf.Update(prog, code.Debug); err != nil {
		s.dwarf = nil // the state must be discarded after an error
		s.Fatal = err
		return false
	}
	s.Updates++
	out, err := s.dwarf.Output()
	if err != nil {
		s.dwarf = nil
		s.Fatal = err
		return false
	}
	obj, err := linkcore.NewObject(prog, code, &linkcore.DebugInput{Sections: out.Sections, Align: out.Align, Relocs: out.Relocs})
	if err != nil {
		s.Fatal = err
		return false
	}
	file, err := linkcore.WriteObject(obj, linkcore.WriteOptions{})
	if err != nil {
		s.Fatal = err
		return false
	}
	b := &Build{Program: prog, Code: code, Out: out, Object: obj, File: file}
	for i := range b.index {
		if sp := out.Map.Sections[i]; sp != nil {
			b.index[i] = newSectionIndex(dwarfcore.SectionID(i), sp)
		}
		b.Hash[i] = hashBytes(out.Sections[i])
	}
	b.FileHash = hashBytes(file.Bytes)
	b.Log = newEditLog(prev, b, s.dwarf.LastUpdate(), s.Updates == 1)
	s.Good = b
	return true
}

func hashBytes(p []byte) uint64 {
	h := fnv.New64a()
	h.Write(p)
	return h.Sum64() ^ uint64(len(p))<<1
}
