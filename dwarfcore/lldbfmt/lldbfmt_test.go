package lldbfmt

import (
	"bytes"
	"testing"

	"github.com/dwarfscope/dwarfscope/internal/leb128"
)

// prototypeI5 is the .lldbformatters section of the hand-written
// executable in which lldb-22 22.1.8 showed the i5 values -16, -1 and 15
// stored as 0x10, 0x1f, 0x0f (slice elements and a pointee) right: one
// record for _BitInt(5), flags 0x11, a summary with three digits. Its
// bytes were checked by hand against FormatterSection.cpp and
// FormatterBytecode.def.
var prototypeI5 = []byte{1, 162, 1, 10, 95, 66, 105, 116, 73, 110, 116, 40, 53, 41, 17, 0, 147, 1,
	34, 1, 48, 34, 1, 49, 34, 1, 50, 34, 1, 51, 34, 1, 52, 34, 1, 53, 34, 1, 54, 34, 1, 55, 34, 1, 56, 34, 1, 57, 34, 0, 34, 1, 45,
	32, 0, 3, 35, 33, 96, 32, 16, 66, 42, 33, 16, 49,
	1, 33, 0, 82, 1, 6, 33, 126, 50, 4, 50, 48, 43, 5, 43, 5,
	32, 13, 3, 32, 11, 48, 3,
	32, 14, 3, 32, 100, 51, 32, 10, 52, 32, 14, 3, 32, 100, 82, 32, 10, 50, 48, 32, 1, 48, 3,
	32, 14, 3, 32, 10, 51, 32, 10, 52, 32, 14, 3, 32, 10, 82, 32, 10, 50, 48, 32, 1, 48, 3,
	32, 14, 3, 32, 1, 51, 32, 10, 52, 32, 1, 48, 3,
	34, 12, 123, 48, 125, 123, 49, 125, 123, 50, 125, 123, 51, 125, 35, 80, 96}

func TestPrototypeBytes(t *testing.T) {
	code, err := SignedSummary(5, 3)
	if err != nil {
		t.Fatal(err)
	}
	got := AppendRecord(nil, BitIntName(5), FlagCascade|FlagHideValue, SigSummary, code)
	if !bytes.Equal(got, prototypeI5) {
		t.Errorf("record for _BitInt(5):\n got %v\nwant %v", got, prototypeI5)
	}
}

func TestSignedSummaries(t *testing.T) {
	sec, err := SignedSummaries([]int{5, 63})
	if err != nil {
		t.Fatal(err)
	}
	// Walk the records as LoadFormattersForModule does.
	var names []string
	for off := 0; off < len(sec); {
		if sec[off] != RecordVersion {
			t.Fatalf("record at %d: version %d", off, sec[off])
		}
		off++
		size, n := uleb(sec[off:])
		off += n
		rec := sec[off : off+int(size)]
		off += int(size)
		nl, n := uleb(rec)
		names = append(names, string(rec[n:n+int(nl)]))
		rest := rec[n+int(nl):]
		if flags, _ := uleb(rest); Flags(flags) != SummaryFlags || rest[1] != byte(SigSummary) {
			t.Errorf("%s: flags %#x signature %d", names[len(names)-1], flags, rest[1])
		}
		cl, n := uleb(rest[2:])
		if int(cl) != len(rest[2+n:]) {
			t.Errorf("%s: program of %d bytes in %d", names[len(names)-1], cl, len(rest[2+n:]))
		}
	}
	if len(names) != 2 || names[0] != "_BitInt(5)" || names[1] != "_BitInt(63)" {
		t.Errorf("records for %q", names)
	}
}

func TestSignedSummaryLimits(t *testing.T) {
	for _, c := range []struct{ bits, digits int }{{1, 1}, {64, 19}, {5, 1}, {8, 2}, {20, 20}} {
		if _, err := SignedSummary(c.bits, c.digits); err == nil {
			t.Errorf("SignedSummary(%d, %d): no error", c.bits, c.digits)
		}
	}
	if d := DecimalDigits(1 << 62); d != 19 {
		t.Errorf("DecimalDigits(2^62) = %d", d)
	}
}

func uleb(b []byte) (uint64, int) { return leb128.ReadUnsigned(b, 0) }
