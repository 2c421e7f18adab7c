package dwarfread

import (
	"encoding/binary"
	"flag"
	"math/rand/v2"
	"strings"
	"testing"
)

// checkNamesOffset fails unless msg names the offset it is about.
func checkNamesOffset(t *testing.T, what, msg string) {
	t.Helper()
	if !strings.Contains(msg, "offset 0x") {
		t.Errorf("%s %q does not name an offset", what, msg)
	}
}

// readAll runs everything the reader does on data: Read, the byte map
// (built and streamed), the line tables, the string tables, Verify and
// Layouts; it holds every error to naming its offset, the map to
// covering every byte once and the streamed map to the built one.
func readAll(t *testing.T, data []byte) {
	d, err := Read(data)
	if err != nil {
		checkNamesOffset(t, "Read error", err.Error())
		return
	}
	for _, p := range d.Problems {
		checkNamesOffset(t, "problem", p)
	}
	for _, s := range d.Sections {
		for _, p := range s.Problems {
			checkNamesOffset(t, s.Name+" problem", p)
		}
	}
	for _, u := range d.Units {
		if u.Err != nil {
			checkNamesOffset(t, "unit error", u.Err.Error())
		}
	}
	for i, root := range d.Map() {
		checkCoverage(t, root)
		checkStreamed(t, d, d.Sections[i], root)
	}
	if _, err := d.LineTables(); err != nil {
		checkNamesOffset(t, "line table error", err.Error())
	}
	for _, name := range []string{".debug_str", ".debug_line_str"} {
		if _, err := d.Strings(name); err != nil {
			checkNamesOffset(t, "string table error", err.Error())
		}
	}
	d.Verify()
	d.Layouts()
}

// FuzzRead feeds the reader truncated, corrupted and random files: it
// must return errors naming the offset, never panic, and its map must
// still cover every byte once. Seeds are files of the corpus (gcc,
// clang, -m32, compressed), truncated at several points.
//
//	go test ./dwarfcore/dwarfread -run '^$' -fuzz FuzzRead -fuzztime 5m
func FuzzRead(f *testing.F) {
	// the coordinator gives fuzz workers their inputs: they need not
	// build the corpus (minutes of gcc on a busy machine) for seeds
	worker := flag.Lookup("test.fuzzworker")
	if worker != nil && worker.Value.String() == "true" {
		f.Fuzz(func(t *testing.T, data []byte) { readAll(t, data) })
		return
	}
	for _, cf := range corpus(f) {
		if !strings.HasSuffix(cf.name, ".o") && !strings.Contains(cf.name, "m32") && !strings.Contains(cf.name, "zlib") {
			continue
		}
		b := mustReadFile(f, cf.path)
		f.Add(b)
		for _, n := range []int{1, 16, 52, 64, len(b) / 2, len(b) - 1} {
			if n < len(b) {
				f.Add(b[:n])
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		readAll(t, data)
	})
}

// TestReadCorrupted runs the reader over systematically damaged corpus
// files: every 64th byte of the first object flipped, section sizes and
// offsets forged, and random bytes. (FuzzRead explores further.)
func TestReadCorrupted(t *testing.T) {
	obj := corpusBytes(t, "gcc-gdwarf-5-O2.o")
	if obj == nil {
		t.Fatal("corpus has no gcc-gdwarf-5-O2.o")
	}
	for i := 0; i < len(obj); i += 64 {
		b := append([]byte(nil), obj...)
		b[i] ^= 0xff
		readAll(t, b)
	}
	// forge every section header's size and offset in turn
	d, err := Read(obj)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range d.File.Sections {
		for _, fld := range s.Header.Fields {
			if fld.Name != "sh_size" && fld.Name != "sh_offset" && fld.Name != "sh_link" {
				continue
			}
			for _, v := range []uint64{0, 1, 1 << 40, ^uint64(0)} {
				b := append([]byte(nil), obj...)
				switch fld.Len {
				case 8:
					binary.LittleEndian.PutUint64(b[fld.Off:], v)
				case 4:
					binary.LittleEndian.PutUint32(b[fld.Off:], uint32(v))
				}
				readAll(t, b)
			}
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 200 {
		b := make([]byte, rng.IntN(4096))
		for i := range b {
			b[i] = byte(rng.Uint32())
		}
		if len(b) > 64 && rng.IntN(2) == 0 {
			copy(b, obj[:64]) // a plausible header over random data
		}
		readAll(t, b)
	}
}
