package buildopts

import (
	"flag"
	"testing"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
)

// TestProfileDefault checks that executables and Mach-O objects default to
// the portable profile (what stock gdb and lldb read) and other objects to
// the seed's, on the
// API's maps and on the command line's flags alike, and that an explicit
// profile wins.
func TestProfileDefault(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want dwarfcore.Profile
	}{
		{nil, dwarfcore.ProfileZig},
		{[]string{"-kind", "obj"}, dwarfcore.ProfileZig},
		{[]string{"-kind", "exe"}, dwarfcore.ProfilePortable},
		{[]string{"-kind", "exe", "-profile", "zig"}, dwarfcore.ProfileZig},
		{[]string{"-kind", "obj", "-profile", "portable"}, dwarfcore.ProfilePortable},
		{[]string{"-container", "macho"}, dwarfcore.ProfilePortable},
		{[]string{"-container", "macho", "-profile", "zig"}, dwarfcore.ProfileZig},
		{[]string{"-container", "wasm"}, dwarfcore.ProfileZig},
	} {
		fs := flag.NewFlagSet("build", flag.ContinueOnError)
		vals := Register(fs)
		if err := fs.Parse(tc.args); err != nil {
			t.Fatal(err)
		}
		fromFlags, err := Parse(Values(vals))
		if err != nil {
			t.Fatalf("%v: %v", tc.args, err)
		}
		m := map[string]string{}
		for i := 0; i+1 < len(tc.args); i += 2 {
			m[tc.args[i][1:]] = tc.args[i+1]
		}
		fromMap, err := Parse(m)
		if err != nil {
			t.Fatalf("%v: %v", m, err)
		}
		if fromFlags.Debug.Profile != tc.want || fromMap.Debug.Profile != tc.want {
			t.Errorf("%v: profile %d (flags), %d (map), want %d", tc.args, fromFlags.Debug.Profile, fromMap.Debug.Profile, tc.want)
		}
	}
}
