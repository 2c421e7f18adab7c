package zigdiff

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Facts are the layout facts and initial bytes of one program's
// declarations, keyed by the declaration's name (names are unique in a
// generated program).
type Facts struct {
	// Types: "S_3" (a named type), "@g_4" (a global's type), "S_3.f1"
	// (a field's type) -> size, align, bit size.
	Types map[string]TypeFacts
	// Fields: "S_3.f1" -> byte offset, bit offset.
	Fields map[string][2]uint64
	// Globals: "g_4" -> initial bytes.
	Globals map[string][]byte
	// Masks (ours only) mark the bytes of each global that hold data
	// rather than padding or addresses.
	Masks map[string][]bool
	// Aligns (ours only) are, for each key of Types, the two alignments
	// Zig 0.11's @alignOf may give the type (see dwarfReader.alignments):
	// where Zig places it and what @alignOf says once Zig has resolved the
	// types it reaches. They differ only for types that reach an optional
	// or error union of a zero-size payload.
	Aligns map[string][2]uint64
}

// TypeFacts are the size, alignment and bit size of a type.
type TypeFacts struct{ Size, Align, Bits uint64 }

func newFacts() *Facts {
	return &Facts{Types: map[string]TypeFacts{}, Fields: map[string][2]uint64{}, Globals: map[string][]byte{}}
}

// harness is the root file of a Zig batch: it imports every program
// and prints the facts of each program's public declarations (walking
// nested namespaces) by reflection.
const harness = `const std = @import("std");

const Out = std.io.BufferedWriter(4096, std.fs.File.Writer);

fn typeLine(o: *Out, name: []const u8, size: usize, al: usize, bits: usize) void {
    o.writer().print("T {s} {d} {d} {d}\n", .{ name, size, al, bits }) catch unreachable;
}

fn fieldLine(o: *Out, name: []const u8, off: usize, bit: usize) void {
    o.writer().print("F {s} {d} {d}\n", .{ name, off, bit }) catch unreachable;
}

fn globalLine(o: *Out, name: []const u8, bytes: []const u8) void {
    o.writer().print("G {s} {}\n", .{ name, std.fmt.fmtSliceHexLower(bytes) }) catch unreachable;
}

fn dumpType(o: *Out, comptime name: []const u8, comptime T: type) void {
    typeLine(o, name, @sizeOf(T), @alignOf(T), @bitSizeOf(T));
    switch (@typeInfo(T)) {
        .Struct => |s| inline for (s.fields) |f| {
            if (!f.is_comptime) {
                fieldLine(o, name ++ "." ++ f.name, @offsetOf(T, f.name), @bitOffsetOf(T, f.name));
                typeLine(o, name ++ "." ++ f.name, @sizeOf(f.type), @alignOf(f.type), @bitSizeOf(f.type));
            }
        },
        .Union => |u| inline for (u.fields) |f| {
            typeLine(o, name ++ "." ++ f.name, @sizeOf(f.type), @alignOf(f.type), @bitSizeOf(f.type));
        },
        else => {},
    }
}

fn dumpNs(o: *Out, comptime prefix: []const u8, comptime NS: type) void {
    inline for (@typeInfo(NS).Struct.decls) |d| {
        const V = @TypeOf(@field(NS, d.name));
        if (V == type) {
            const T = @field(NS, d.name);
            dumpType(o, prefix ++ d.name, T);
            switch (@typeInfo(T)) {
                .Struct => |s| if (s.fields.len == 0) dumpNs(o, prefix ++ d.name ++ ".", T),
                else => {},
            }
        } else if (@typeInfo(V) == .Fn) {
            std.mem.doNotOptimizeAway(&@field(NS, d.name));
        } else {
            dumpType(o, prefix ++ "@" ++ d.name, V);
            if (@sizeOf(V) == 0) {
                globalLine(o, prefix ++ d.name, "");
            } else {
                const p: [*]const u8 = @ptrCast(&@field(NS, d.name));
                globalLine(o, prefix ++ d.name, p[0..@sizeOf(V)]);
            }
        }
    }
}

pub fn main() void {
    var out: Out = .{ .unbuffered_writer = std.io.getStdOut().writer() };
    const w = &out;
`

// Zig runs one Zig compiler.
type Zig struct {
	Path string
	// GlobalCache is shared by every run (it holds the compiled
	// standard library pieces); each run gets its own local cache.
	GlobalCache string
}

var zigErrorRE = regexp.MustCompile(`(?m)^(?:.*/)?p(\d+)\.zig:(\d+):(\d+): error: (.*)$`)

// Batch is the outcome of one Zig compile of several programs.
type Batch struct {
	// Rejected maps a program index to Zig's first error for it.
	Rejected map[int]string
	// Facts of every accepted program, by index.
	Facts map[int]*Facts
}

// RunBatch writes the programs and the harness to dir, compiles and runs
// them with Zig. A program Zig rejects is left out and the rest compiled
// again; Rejected says which.
func (z *Zig) RunBatch(dir string, progs []string) (*Batch, error) {
	b := &Batch{Rejected: map[int]string{}, Facts: map[int]*Facts{}}
	for i, src := range progs {
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("p%d.zig", i)), []byte(src), 0o644); err != nil {
			return nil, err
		}
	}
	for attempt := 0; ; attempt++ {
		var live []int
		for i := range progs {
			if _, bad := b.Rejected[i]; !bad {
				live = append(live, i)
			}
		}
		if len(live) == 0 {
			return b, nil
		}
		out, err := z.compileRun(dir, attempt, live)
		if err == nil {
			return b, parseFacts(out, b)
		}
		found := false
		for _, m := range zigErrorRE.FindAllStringSubmatch(err.Error(), -1) {
			i, _ := strconv.Atoi(m[1])
			if _, seen := b.Rejected[i]; !seen {
				b.Rejected[i] = fmt.Sprintf("%s:%s: %s", m[2], m[3], m[4])
				found = true
			}
		}
		if !found {
			if len(live) == 1 {
				b.Rejected[live[0]] = "harness: " + firstLine(err.Error())
				continue
			}
			// an error we cannot place: compile each program alone
			for _, i := range live {
				if _, err := z.compileRun(dir, attempt*1000+i+1, []int{i}); err != nil {
					b.Rejected[i] = firstLine(err.Error())
				}
			}
		}
	}
}

func firstLine(s string) string {
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, "error:") {
			return l
		}
	}
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// compileRun builds the harness over the live programs with a fresh
// local cache and runs it.
func (z *Zig) compileRun(dir string, attempt int, live []int) ([]byte, error) {
	var src strings.Builder
	for _, i := range live {
		fmt.Fprintf(&src, "const p%d = @import(\"p%d.zig\");\n", i, i)
	}
	src.WriteString(harness)
	for _, i := range live {
		fmt.Fprintf(&src, "    w.writer().writeAll(\"P %d\\n\") catch unreachable;\n    dumpNs(w, \"\", p%d);\n", i, i)
	}
	src.WriteString("    w.flush() catch unreachable;\n}\n")
	name := fmt.Sprintf("main%d", attempt)
	if err := os.WriteFile(filepath.Join(dir, name+".zig"), []byte(src.String()), 0o644); err != nil {
		return nil, err
	}
	cache := filepath.Join(dir, "cache-"+name)
	bin := filepath.Join(dir, name)
	cmd := exec.Command(z.Path, "build-exe", "-O", "Debug", "--cache-dir", cache, "--global-cache-dir", z.GlobalCache,
		"-femit-bin="+bin, name+".zig")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("zig build-exe: %v\n%s", err, out)
	}
	os.RemoveAll(cache)
	out, err := exec.Command(bin).Output()
	if err != nil {
		return nil, fmt.Errorf("running the Zig harness: %v", err)
	}
	return out, nil
}

func parseFacts(out []byte, b *Batch) error {
	var cur *Facts
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 0 {
			continue
		}
		switch f[0] {
		case "P":
			i, _ := strconv.Atoi(f[1])
			cur = newFacts()
			b.Facts[i] = cur
		case "T":
			cur.Types[lastName(f[1])] = TypeFacts{atou(f[2]), atou(f[3]), atou(f[4])}
		case "F":
			cur.Fields[lastName(f[1])] = [2]uint64{atou(f[2]), atou(f[3])}
		case "G":
			var bs []byte
			if len(f) > 2 {
				fmt.Sscanf(f[2], "%x", &bs)
			}
			cur.Globals[lastName(f[1])] = bs
		default:
			return fmt.Errorf("zigdiff: harness printed %q", sc.Text())
		}
	}
	return sc.Err()
}

// lastName drops namespace qualifiers: "ns_3.g_4" -> "g_4", keeping a
// field suffix ("ns_3.S_5.f1" -> "S_5.f1") and the global-type mark.
func lastName(s string) string {
	parts := strings.Split(s, ".")
	// keep the last declaration name and what follows it
	for i := len(parts) - 1; i >= 0; i-- {
		p := strings.TrimPrefix(parts[i], "@")
		if len(p) > 0 && (p[0] == 'S' || p[0] == 'U' || p[0] == 'E' || p[0] == 'g' || p[0] == 'k') && strings.Contains(p, "_") {
			return strings.Join(parts[i:], ".")
		}
	}
	return s
}

func atou(s string) uint64 {
	v, _ := strconv.ParseUint(s, 10, 64)
	return v
}

// sortedKeys returns m's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
