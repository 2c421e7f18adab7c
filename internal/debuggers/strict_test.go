package debuggers

import (
	"context"
	"fmt"
	"math/big"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
	"github.com/dwarfscope/dwarfscope/internal/verify"
)

// wrongValue returns an expected value that differs from want, or false
// when want has no obvious neighbour.
func wrongValue(want string) (string, bool) {
	switch want {
	case "true":
		return "false", true
	case "false":
		return "true", true
	case "{}":
		return "0", true
	}
	if n, ok := new(big.Int).SetString(want, 0); ok {
		return n.Add(n, big.NewInt(1)).String(), true
	}
	if f, _, err := big.ParseFloat(want, 10, 256, big.ToNearestEven); err == nil {
		return f.Add(f, big.NewFloat(1)).Text('g', 20), true
	}
	if want != "" && !strings.ContainsAny(want, " {}()") {
		return want + "_wrong", true // an enumerator, error or tag name
	}
	return "", false
}

// TestWrongExpectationsFail runs real programs under gdb and lldb-22 once
// in the default profile, then changes one expected value at a time (a
// number by one, a bool, a name, null to a payload and a payload to null)
// and requires the harness to count exactly that value wrong. It also
// requires displays with error markers to fail: gdb's real
// `<error reading variable…>` for the seed's u65, and an optional's
// display with `<incomplete type>` put in.
func TestWrongExpectationsFail(t *testing.T) {
	verify.Require(t, "gdb", "lldb-22")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	work := t.TempDir()
	progs := []program{{dir: ownSamples, name: "optionals"}, {dir: "testdata", name: "errors"},
		{dir: "testdata", name: "unions"}, {dir: "testdata", name: "pointers"}, {dir: "testdata", name: "arrays"}}
	for _, p := range progs {
		s := script(t, p)
		exe := build(t, p, work, defaultProfile(t))
		for _, sc := range debugExe(ctx, s, p.name, profileName(defaultProfile(t)), exe, work) {
			if sc.c.Right != sc.c.Total || sc.c.Total == 0 {
				t.Fatalf("%s %s: %d/%d before any change: %v\n%s", p.name, sc.debugger, sc.c.Right, sc.c.Total, sc.c.Problems, sc.out)
			}
		}
		g, _, err := RunGDB(ctx, s, exe, work, gdbNames(profileName(defaultProfile(t))))
		if err != nil {
			t.Fatal(err)
		}
		l, _, err := RunLLDB(ctx, s, exe, work)
		if err != nil {
			t.Fatal(err)
		}
		mutations := 0
		for si := range s.Stops {
			for ci := range s.Stops[si].Cmds {
				cmd := &s.Stops[si].Cmds[ci]
				for path, want := range cmd.Want {
					if cmd.Kind != "" || isAggregateType(cmd.WantTypes, path) || cmd.isSlice(path) {
						continue
					}
					typ := cmd.WantTypes[path]
					var changed map[string]string // path → new expected value ("" deletes)
					switch {
					case want == "null" && isValueOptional(typ):
						changed = map[string]string{path: "", path + ".?": "0"}
					case want == "null":
						changed = map[string]string{path: "0x1000"}
					case strings.HasSuffix(path, ".?") && isValueOptional(cmd.WantTypes[strings.TrimSuffix(path, ".?")]):
						opt := strings.TrimSuffix(path, ".?")
						changed = map[string]string{path: "", opt: "null"}
					default:
						w, ok := wrongValue(want)
						if !ok {
							t.Errorf("%s: no wrong value for %s = %q", p.name, path, want)
							continue
						}
						changed = map[string]string{path: w}
					}
					mutations++
					saved, savedTypes := cmd.Want, cmd.WantTypes
					cmd.Want, cmd.WantTypes = Values{}, map[string]string{}
					for k, v := range saved {
						cmd.Want[k] = v
					}
					for k, v := range savedTypes {
						cmd.WantTypes[k] = v
					}
					for k, v := range changed {
						if v == "" {
							delete(cmd.Want, k)
							continue
						}
						cmd.Want[k] = v
						if _, ok := cmd.WantTypes[k]; !ok {
							cmd.WantTypes[k] = "u32"
						}
					}
					if k := strings.TrimSuffix(path, ".?"); changed[k] == "null" {
						delete(cmd.WantTypes, path) // opt is a leaf now
					}
					for dbg, ds := range map[string][]Display{"gdb": g, "lldb": l} {
						c := Check(s, ds)
						if c.Right != c.Total-1 {
							t.Errorf("%s: %s: expecting %v instead of %s = %q: %d/%d right, want exactly one wrong", p.name, dbg, changed, path, want, c.Right, c.Total)
						}
					}
					cmd.Want, cmd.WantTypes = saved, savedTypes
				}
			}
		}
		t.Logf("%s: %d wrong expectations, each counted wrong by gdb and lldb", p.name, mutations)
		if mutations == 0 {
			t.Errorf("%s: nothing to change", p.name)
		}
	}

	// A display with an error marker never counts: the seed's encoding
	// of u65 (bit size 65, byte size 16) is `<error reading variable:
	// That operation is not available on integers of more than 8
	// bytes.>` to gdb 13, and the same display with gdb's
	// `<incomplete type>` put in one optional fails that optional.
	p := program{dir: "testdata", name: "types"}
	s := script(t, p)
	exe := build(t, p, work, dwarfcore.ProfileZig)
	g, out, err := RunGDB(ctx, s, exe, work, GDBQualified)
	if err != nil {
		t.Fatal(err)
	}
	failed := map[string]bool{}
	for _, pr := range Check(s, g).Problems {
		failed[pr.Path] = true
	}
	for _, path := range []string{"g_u65", "p_u65", "l_u65", "g_i100"} {
		if !failed[path] {
			t.Errorf("gdb on the seed's %s counted right:\n%s", path, out)
		}
	}
	p = program{dir: ownSamples, name: "optionals"}
	s = script(t, p)
	exe = build(t, p, work, defaultProfile(t))
	g, _, err = RunGDB(ctx, s, exe, work, gdbNames(profileName(defaultProfile(t))))
	if err != nil {
		t.Fatal(err)
	}
	last := len(g) - 1
	g[last].Raw["maybe_u32"] = strings.Replace(g[last].Raw["maybe_u32"], "}", ", null = <incomplete type>}", 1)
	if c := Check(s, g); c.Right != c.Total-1 || !strings.Contains(c.Problems[0].Msg, "<incomplete type>") {
		t.Errorf("maybe_u32 shown with <incomplete type>: %d/%d right, %v; want only it wrong", c.Right, c.Total, c.Problems)
	}
}

// TestGDBByteSlices checks byteIntFormat against real gdb on the narrow
// program (portable profile): printed plainly, `*g_slice.ptr@g_slice.len`
// of the []i5 is a string of raw bytes, which shows no element; printed
// with the format the harness picks, every element is right, and an
// element expected one off is counted wrong.
func TestGDBByteSlices(t *testing.T) {
	verify.Require(t, "gdb")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	work := t.TempDir()
	p := program{dir: "testdata", name: "narrow"}
	exe := build(t, p, work, dwarfcore.ProfilePortable)
	plain, err := exec.CommandContext(ctx, "gdb", "-nx", "-q", "-batch", "-ex", "break narrow.take", "-ex", "run",
		"-ex", "print *g_slice.ptr@g_slice.len", exe).CombinedOutput()
	if err != nil {
		t.Fatalf("gdb: %v\n%s", err, plain)
	}
	if !strings.Contains(string(plain), `= "\020\037\017"`) {
		t.Errorf("gdb no longer prints the []i5 elements as a string: byteIntFormat may be unneeded:\n%s", plain)
	}
	s := script(t, p)
	g, out, err := RunGDB(ctx, s, exe, work, GDBPlain)
	if err != nil {
		t.Fatal(err)
	}
	var slice *Cmd
	for si := range s.Stops {
		for ci := range s.Stops[si].Cmds {
			if c := &s.Stops[si].Cmds[ci]; c.Want["g_slice[0]"] != "" {
				slice = c
			}
		}
	}
	if slice == nil {
		t.Fatal("narrow expects no g_slice[0]")
	}
	failed := map[string]bool{}
	for _, pr := range Check(s, g).Problems {
		failed[pr.Path] = true
	}
	for i := 0; i < 3; i++ {
		path := fmt.Sprintf("g_slice[%d]", i)
		if failed[path] {
			t.Errorf("%s wrong in gdb:\n%s", path, out)
		}
		want := slice.Want[path]
		w, _ := wrongValue(want)
		slice.Want[path] = w
		if c := Check(s, g); c.Right != c.Total-1-len(failed) {
			t.Errorf("expecting %s = %s instead of %s: %d/%d right, want exactly one more wrong", path, w, want, c.Right, c.Total)
		}
		slice.Want[path] = want
	}
}
