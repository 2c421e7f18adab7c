package corpus

import "github.com/dwarfscope/dwarfscope/internal/samples"

// WithSamples returns the programs the end-to-end tests build: the four
// debugger samples (samples.Programs) and then the first n programs of
// the standard corpus (seeds DefaultSeed, DefaultSeed+1, ...).
func WithSamples(n int) []samples.Program {
	out := samples.Programs()
	for _, c := range Corpus(n, DefaultSeed) {
		out = append(out, samples.Program{Name: c.Name, Src: c.Src})
	}
	return out
}
