package linkcore

import (
	"bytes"
	"debug/elf"
	"strings"
	"testing"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
	"github.com/dwarfscope/dwarfscope/dwarfcore/lldbfmt"
	"github.com/dwarfscope/dwarfscope/internal/tooltest"
	"github.com/dwarfscope/dwarfscope/internal/verify"
)

// lldbfmtSrc has narrow signed integers as slice elements, pointees and
// array elements (i5, i13), a narrow signed variable and member only
// (i3: no summary needed) and an unsigned narrow slice (u5: none).
const lldbfmtSrc = `const S = struct { a: i3, b: u8 };
var g_arr: [3]i5 = .{ -16, -1, 15 };
var g_slice: []i5 = &g_arr;
var g_w: i13 = -4000;
var g_p: *i13 = &g_w;
var g_nested: [2][2]i13 = .{ .{ -1, 2 }, .{ 3, -4 } };
var g_s: S = .{ .a = -3, .b = 1 };
var g_u: [2]u5 = .{ 1, 31 };
var g_us: []u5 = &g_u;
pub fn main() void {
    _ = .{ &g_slice, &g_p, &g_nested, &g_s, &g_us };
}
`

// TestLLDBFormattersSection builds an executable in each profile: under
// the portable one it carries a non-allocated .lldbformatters section
// (readelf lists it) holding exactly the summaries of _BitInt(5) and
// _BitInt(13), its element types have those names, and llvm-dwarfdump-22
// --verify is clean; under the zig profile, and in an object of the
// portable profile, there is neither the section nor the names.
func TestLLDBFormattersSection(t *testing.T) {
	verify.Require(t, "readelf", "llvm-dwarfdump-22")
	want, err := lldbfmt.SignedSummaries([]int{5, 13})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, c := range []struct {
		kind    Kind
		profile dwarfcore.Profile
		want    []byte
	}{
		{KindExecutable, dwarfcore.ProfilePortable, want},
		{KindExecutable, dwarfcore.ProfileZig, nil},
		{KindObject, dwarfcore.ProfilePortable, nil},
	} {
		r, err := Build("fmt.zig", []byte(lldbfmtSrc), Options{Kind: c.kind, Debug: dwarfcore.Options{Profile: c.profile}})
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{"_BitInt(5)", "_BitInt(13)"} {
			if named := bytes.Contains(r.ELF, []byte(name+"\x00")); named != (c.want != nil) {
				t.Errorf("%s, profile %d: a base type named %s: %v", c.kind, c.profile, name, named)
			}
		}
		if !bytes.Equal(r.Debug.LLDBFormatters, c.want) {
			t.Errorf("profile %d: Output.LLDBFormatters %v, want %v", c.profile, r.Debug.LLDBFormatters, c.want)
		}
		exe := tooltest.WriteFile(t, dir, "fmt", r.ELF)
		out, err := tooltest.Run(t, "readelf", "-S", "-W", exe)
		if err != nil {
			t.Fatalf("readelf: %v\n%s", err, out)
		}
		if listed := strings.Contains(out, " "+lldbfmt.SectionName+" "); listed != (c.want != nil) {
			t.Errorf("profile %d: readelf -S lists %s: %v\n%s", c.profile, lldbfmt.SectionName, listed, out)
		}
		f, err := elf.NewFile(bytes.NewReader(r.ELF))
		if err != nil {
			t.Fatal(err)
		}
		if s := f.Section(lldbfmt.SectionName); s != nil {
			data, err := s.Data()
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(data, c.want) || s.Type != elf.SHT_PROGBITS || s.Flags != 0 || s.Addr != 0 {
				t.Errorf("profile %d: section %v flags %v addr %#x holds %v, want %v", c.profile, s.Type, s.Flags, s.Addr, data, c.want)
			}
		}
		tooltest.VerifyDWARF(t, exe)
	}
}
