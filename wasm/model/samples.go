package model

import (
	_ "embed" // the teaching samples
	"errors"
	"strings"

	"github.com/dwarfscope/dwarfscope/internal/samples"
)

// The teaching samples, as strings: an embed.FS would link most of
// package time into the page (see internal/samples).
var (
	//go:embed samples/growing.zig
	growingZig string
	//go:embed samples/shared.zig
	sharedZig string
	//go:embed samples/optional.zig
	optionalZig string
	//go:embed samples/tagged_union.zig
	taggedUnionZig string
	//go:embed samples/line_program.zig
	lineProgramZig string
	//go:embed samples/threadlocal.zig
	threadlocalZig string
)

var teachingSources = map[string]string{
	"growing.zig":      growingZig,
	"shared.zig":       sharedZig,
	"optional.zig":     optionalZig,
	"tagged_union.zig": taggedUnionZig,
	"line_program.zig": lineProgramZig,
	"threadlocal.zig":  threadlocalZig,
}

// Sample is one entry of the samples menu.
type Sample struct {
	File  string // file name, e.g. "growing.zig"
	Title string
	Group string // "teaching" or "debugger"
}

// Samples lists the samples menu in order; DefaultSample is shown first.
var Samples = []Sample{
	{"growing.zig", "A struct growing past its slack", "teaching"},
	{"shared.zig", "A type shared by many declarations", "teaching"},
	{"optional.zig", "An optional", "teaching"},
	{"tagged_union.zig", "A tagged union", "teaching"},
	{"line_program.zig", "A function's line program", "teaching"},
	{"threadlocal.zig", "A thread-local", "teaching"},
	{"basic.zig", "basic: every integer and float width", "debugger"},
	{"optionals.zig", "optionals", "debugger"},
	{"slices.zig", "slices", "debugger"},
	{"storage.zig", "storage: globals, thread-locals, parameters", "debugger"},
}

// DefaultSample is the sample a fresh page shows.
const DefaultSample = "growing.zig"

// SampleSource returns a sample's text: the teaching samples live here, the
// debugger samples in internal/samples.
func SampleSource(file string) (string, bool) {
	if src, ok := teachingSources[file]; ok {
		return src, true
	}
	return samples.Source(file)
}

// State is what survives a reload and travels in a share link.
type State struct {
	Name   string
	Source string
	Opts   Options
}

// stateVersion prefixes every state's text; states of version ds1 (saved
// before the container option) have the first four options only.
const stateVersion = "ds2"

// stateOptions is how many option lines a state text of each version has.
var stateOptions = map[string]int{"ds1": 4, stateVersion: len(optionNames)}

// Text is the state as text: a version line, the name and the
// options a line each (optionNames' order), then the source. Share links and the saved state
// hold it raw-deflated and base64url-encoded (EncodeState); the page lets
// the browser do that compression (CompressionStream in explorer.js),
// which keeps compress/flate out of its module.
func (s State) Text() string {
	var raw strings.Builder
	raw.WriteString(stateVersion + "\n" + s.Name + "\n")
	for _, f := range s.Opts.fields() {
		raw.WriteString(*f)
		raw.WriteByte('\n')
	}
	raw.WriteString(s.Source)
	return raw.String()
}

// ParseState reverses Text; missing options take their defaults.
func ParseState(text string) (State, error) {
	version, _, _ := strings.Cut(text, "\n")
	n, ok := stateOptions[version]
	parts := strings.SplitN(text, "\n", 3+n)
	if !ok || len(parts) != 3+n {
		return State{}, errors.New("not a dwarfscope state")
	}
	s := State{Name: parts[1], Source: parts[2+n], Opts: DefaultOptions()}
	for i, name := range optionNames[:n] {
		if parts[2+i] != "" {
			s.Opts.set(name, parts[2+i])
		}
	}
	return s, nil
}

// State returns the app's current state.
func (a *App) State() State {
	return State{Name: a.S.Name, Source: a.S.Source, Opts: a.S.Opts}
}
